"""Queues: create, edit, members, lead, active, auto-assignment mode.

The central service desk is the fallback for every unplaceable case, so the last active
central queue can be neither deactivated nor demoted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import active_staff, optional_text, required_text, unique_name
from servicedesk.domain.errors import ValidationError
from servicedesk.domain.permissions import RESTRICTED_CONFIDENTIALITY
from servicedesk.infra.extensions import db
from servicedesk.models import AutoAssign, Queue, QueueMember, Service, Unit, User


def _other_active_centrals(queue: Queue | None) -> int:
    stmt = select(func.count()).where(Queue.is_central.is_(True), Queue.active.is_(True))
    if queue is not None and queue.id is not None:
        stmt = stmt.where(Queue.id != queue.id)
    return db.session.scalar(stmt) or 0


def ensure_fallback(queue: Queue, *, active: bool, is_central: bool) -> None:
    """Refuse a change that would leave no active central queue (the routing fallback)."""
    was_fallback = queue.id is not None and queue.active and queue.is_central
    stays = active and is_central
    if was_fallback and not stays and _other_active_centrals(queue) == 0:
        field = "active" if not active else "is_central"
        raise ValidationError(
            _l(
                "This is the last active central service desk queue; every case nobody can "
                "place goes there, so it must stay."
            ),
            field=field,
        )


def ensure_confidential_home(queue: Queue, *, active: bool) -> None:
    """Refuse to deactivate the support queue of an active confidential service: its cases
    would fall back to the central desk, whose agents may not see them."""
    if active or queue.id is None or not queue.active:
        return
    name = db.session.scalar(
        select(Service.name_sv).where(
            Service.queue_id == queue.id,
            Service.active.is_(True),
            Service.confidentiality >= RESTRICTED_CONFIDENTIALITY,
        )
    )
    if name is not None:
        raise ValidationError(
            _l(
                "This queue supports the confidential service %(service)s; give that service "
                "another queue first.",
                service=name,
            ),
            field="active",
        )


def save_queue(
    actor: User,
    queue: Queue | None,
    *,
    name: str,
    unit: Unit | None,
    lead: User | None = None,
    is_central: bool = False,
    active: bool = True,
    auto_assign: str = AutoAssign.NONE,
    default_internal_note: bool = False,
    email: str = "",
    now: datetime,
) -> Queue:
    name = required_text(name, "name", max_len=200)
    unique_name(Queue, Queue.name, name, queue.id if queue else None, "name")
    if unit is None:
        raise ValidationError(_l("Choose the unit the queue belongs to."), field="unit")
    if auto_assign not in AutoAssign.__members__.values():
        raise ValidationError(_l("Choose how tickets are assigned."), field="auto_assign")
    lead = active_staff(lead, "lead")
    created = queue is None
    if created:
        queue = Queue()
        db.session.add(queue)
    else:
        ensure_fallback(queue, active=active, is_central=is_central)
        ensure_confidential_home(queue, active=active)
    old_lead = queue.lead
    queue.name, queue.unit, queue.lead = name, unit, lead
    queue.is_central, queue.active, queue.auto_assign = is_central, active, str(auto_assign)
    queue.default_internal_note = bool(default_internal_note)
    queue.email = optional_text(email, "email", max_len=254) or None
    db.session.flush()
    if created:
        record_audit(actor, "queue_created", queue, label=queue.name, now=now)
    if (old_lead.id if old_lead else None) != (lead.id if lead else None):
        old_name, new_name = (old_lead.name if old_lead else None), (lead.name if lead else None)
        record_audit(actor, "queue_lead_changed", queue, old=old_name, new=new_name, now=now)
    return queue


def set_queue_active(actor: User, queue: Queue, active: bool, *, now: datetime) -> None:
    if queue.active == active:
        return
    ensure_fallback(queue, active=active, is_central=queue.is_central)
    ensure_confidential_home(queue, active=active)
    queue.active = active
    action = "queue_activated" if active else "queue_deactivated"
    record_audit(actor, action, queue, old=not active, new=active, now=now)
    db.session.flush()


def member_ids(queue_id: int) -> set[int]:
    return set(
        db.session.scalars(select(QueueMember.user_id).where(QueueMember.queue_id == queue_id))
    )


def add_member(actor: User, queue: Queue, user: User, *, now: datetime) -> None:
    db.session.add(QueueMember(queue_id=queue.id, user_id=user.id))
    record_audit(actor, "queue_member_added", user, new=queue.name, label=user.email, now=now)


def remove_member(actor: User, queue: Queue, user: User, *, now: datetime) -> None:
    db.session.execute(
        delete(QueueMember).where(QueueMember.queue_id == queue.id, QueueMember.user_id == user.id)
    )
    record_audit(actor, "queue_member_removed", user, old=queue.name, label=user.email, now=now)


def set_queue_members(actor: User, queue: Queue, users: Iterable[User], *, now: datetime) -> None:
    """Make `users` the queue's members; each addition and removal is audited."""
    wanted = {u.id: u for u in users}
    current = member_ids(queue.id)
    for user in wanted.values():
        if user.id not in current and not user.active:
            raise ValidationError(_l("That user is inactive."), field="members")
        if user.id not in current and not user.is_staff:
            raise ValidationError(_l("Only agents can be queue members."), field="members")
    for user_id in sorted(current - wanted.keys()):
        remove_member(actor, queue, db.session.get(User, user_id), now=now)
    for user_id in sorted(wanted.keys() - current):
        add_member(actor, queue, wanted[user_id], now=now)
    db.session.flush()
    db.session.expire(queue, ["members"])
