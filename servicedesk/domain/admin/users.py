"""Accounts as the admin sees them: create, roles, unit, active, queue membership.

Every grant and revoke of a role or a queue membership leaves an audit entry; roles change
only through `set_user_roles` (in domain/identity/users.py, re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from servicedesk.domain.access.register import revoke_on_departure
from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import optional_text, required_text
from servicedesk.domain.admin.queues import add_member, remove_member
from servicedesk.domain.errors import ValidationError
from servicedesk.domain.identity.users import create_user, end_sessions, set_user_roles
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, QueueMember, Role, Unit, User


def admin_create_user(
    actor: User,
    *,
    email: str,
    name: str,
    password: str | None,
    roles: set[str],
    unit: Unit | None,
    locale: str = "sv",
    phone: str = "",
    employee_number: str = "",
    now: datetime,
) -> User:
    if not roles:
        raise ValidationError(_l("Give the user at least one role."), field="roles")
    contact = _contact(None, phone, employee_number)
    account = create_user(
        email=email,
        name=name,
        password=password or None,
        roles=roles,
        unit=unit,
        locale=locale,
        actor=actor,
        now=now,
    )
    account.phone, account.employee_number = contact
    db.session.flush()
    return account


def _contact(user: User | None, phone: str, employee_number: str) -> tuple[str, str | None]:
    """The phone number and employee number as stored; an employee number is one person's."""
    phone = optional_text(phone, "phone", max_len=40)
    number = optional_text(employee_number, "employee_number", max_len=20) or None
    if number is not None:
        holder = db.session.scalar(
            select(User.id).where(func.upper(User.employee_number) == number.upper())
        )
        if holder is not None and (user is None or holder != user.id):
            raise ValidationError(
                _l("Another user has that employee number."), field="employee_number"
            )
    return phone, number


def update_user(
    actor: User,
    user: User,
    *,
    name: str,
    unit: Unit | None,
    active: bool,
    roles: set[str],
    phone: str | None = None,
    employee_number: str | None = None,
    now: datetime,
) -> None:
    user.name = required_text(name, "name", max_len=200)
    if phone is not None or employee_number is not None:
        user.phone, user.employee_number = _contact(
            user,
            user.phone if phone is None else phone,
            user.employee_number or "" if employee_number is None else employee_number,
        )
    if actor.id == user.id and (not active or Role.ADMIN not in roles):
        raise ValidationError(
            _l("You cannot remove your own admin role or deactivate yourself."), field="roles"
        )
    set_user_roles(actor, user, roles, now=now)
    if user.unit_id != (unit.id if unit else None):
        user.unit = unit
    if user.active != active:
        user.active = active
        if not active:
            end_sessions(user)  # reactivating must not revive the sessions of before
            revoke_on_departure(user, actor, now=now)  # a revoke task per active grant
        record_audit(actor, "user_activated" if active else "user_deactivated", user, now=now)
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
