"""Accounts as the admin sees them: create, roles, unit, active, queue membership.

Every grant and revoke of a role or a queue membership leaves an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import required_text
from servicedesk.domain.admin.queues import add_member, remove_member
from servicedesk.domain.errors import ValidationError
from servicedesk.domain.identity.users import create_user
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, QueueMember, Role, Unit, User, UserRole


def admin_create_user(
    actor: User,
    *,
    email: str,
    name: str,
    password: str | None,
    roles: set[str],
    unit: Unit | None,
    locale: str = "sv",
    now: datetime,
) -> User:
    if not roles:
        raise ValidationError(_l("Give the user at least one role."), field="roles")
    user = create_user(
        email=email, name=name, password=password or None, roles=roles, unit=unit, locale=locale
    )
    record_audit(actor, "user_created", user, now=now)
    for role in sorted(roles):
        record_audit(actor, "role_granted", user, new=role, now=now)
    return user


def update_user(
    actor: User,
    user: User,
    *,
    name: str,
    unit: Unit | None,
    active: bool,
    roles: set[str],
    now: datetime,
) -> None:
    user.name = required_text(name, "name", max_len=200)
    if actor.id == user.id and (not active or Role.ADMIN not in roles):
        raise ValidationError(
            _l("You cannot remove your own admin role or deactivate yourself."), field="roles"
        )
    set_user_roles(actor, user, roles, now=now)
    if user.unit_id != (unit.id if unit else None):
        user.unit = unit
    if user.active != active:
        user.active = active
        record_audit(actor, "user_activated" if active else "user_deactivated", user, now=now)
    db.session.flush()


def set_user_roles(actor: User, user: User, roles: Iterable[str], *, now: datetime) -> None:
    wanted = set(roles)
    unknown = wanted - {r.value for r in Role}
    if unknown:
        raise ValidationError(
            _l("Unknown role: %(roles)s.", roles=", ".join(sorted(unknown))), field="roles"
        )
    if not wanted:
        raise ValidationError(_l("Give the user at least one role."), field="roles")
    current = user.roles
    for row in [r for r in user.role_rows if r.role not in wanted]:
        user.role_rows.remove(row)
        record_audit(actor, "role_revoked", user, old=row.role, now=now)
    for role in sorted(wanted - current):
        user.role_rows.append(UserRole(role=role))
        record_audit(actor, "role_granted", user, new=role, now=now)
    db.session.flush()


def set_user_queues(actor: User, user: User, queues: Iterable[Queue], *, now: datetime) -> None:
    """Make `queues` the user's queue memberships; each change is audited."""
    wanted = {q.id: q for q in queues}
    current = set(
        db.session.scalars(select(QueueMember.queue_id).where(QueueMember.user_id == user.id))
    )
    if wanted.keys() - current and not user.is_staff:
        raise ValidationError(_l("Only agents can be queue members."), field="queues")
    for queue_id in sorted(current - wanted.keys()):
        remove_member(actor, db.session.get(Queue, queue_id), user, now=now)
    for queue_id in sorted(wanted.keys() - current):
        add_member(actor, wanted[queue_id], user, now=now)
    db.session.flush()


__all__ = ["admin_create_user", "set_user_queues", "set_user_roles", "update_user"]
