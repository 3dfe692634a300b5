"""Reading tickets for lists: filters, sorting by what breaches first, pages and counts.

Every query starts from the permission layer's visibility condition, so a list, a count and
an export can never show more than the detail page would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from servicedesk.domain.permissions import ticket_visibility
from servicedesk.domain.tickets import OPEN_STATUSES
from servicedesk.extensions import db
from servicedesk.models import Queue, QueueMember, Ticket, User
from servicedesk.models.ticket import parse_reference

SORTS = {
    "due": (Ticket.due_at.is_(None), Ticket.due_at, Ticket.created_at, Ticket.id),
    "oldest": (Ticket.created_at, Ticket.id),
    "newest": (Ticket.created_at.desc(), Ticket.id.desc()),
    "priority": (Ticket.priority, Ticket.created_at, Ticket.id),
    "updated": (Ticket.updated_at.desc(), Ticket.id.desc()),
}
MAX_PER_PAGE = 100


@dataclass
class TicketFilter:
    queue_id: int | None = None
    statuses: tuple[str, ...] = tuple(s.value for s in OPEN_STATUSES)
    priority: int | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    service_id: int | None = None
    requester_id: int | None = None
    text: str = ""
    breached: bool = False
    breaching_within: timedelta | None = None
    sort: str = "due"
    extra: list = field(default_factory=list)


@dataclass
class Page:
    items: list[Ticket]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def _filtered(user: User, flt: TicketFilter, *, now: datetime) -> Select:
    stmt = select(Ticket).where(ticket_visibility(user))
    if flt.queue_id is not None:
        stmt = stmt.where(Ticket.queue_id == flt.queue_id)
    if flt.statuses:
        stmt = stmt.where(Ticket.status.in_(flt.statuses))
    if flt.priority is not None:
        stmt = stmt.where(Ticket.priority == flt.priority)
    if flt.unassigned:
        stmt = stmt.where(Ticket.assignee_id.is_(None))
    elif flt.assignee_id is not None:
        stmt = stmt.where(Ticket.assignee_id == flt.assignee_id)
    if flt.service_id is not None:
        stmt = stmt.where(Ticket.service_id == flt.service_id)
    if flt.requester_id is not None:
        stmt = stmt.where(Ticket.requester_id == flt.requester_id)
    if flt.breached:
        stmt = stmt.where(Ticket.due_at.is_not(None), Ticket.due_at <= now)
    elif flt.breaching_within is not None:
        stmt = stmt.where(
            Ticket.due_at.is_not(None),
            Ticket.due_at > now,
            Ticket.due_at <= now + flt.breaching_within,
        )
    text = flt.text.strip()
    if text:
        ref = parse_reference(text)
        if ref is not None:
            stmt = stmt.where(Ticket.id == ref[1], Ticket.type == ref[0])
        else:
            # LIKE wildcards in the user's text are matched literally.
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(Ticket.title.ilike(f"%{escaped}%", escape="\\"))
    for condition in flt.extra:
        stmt = stmt.where(condition)
    return stmt


def list_tickets(
    user: User, flt: TicketFilter, *, page: int = 1, per_page: int = 25, now: datetime
) -> Page:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    base = _filtered(user, flt, now=now)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    order = SORTS.get(flt.sort, SORTS["due"])
    stmt = (
        base.options(
            joinedload(Ticket.requester),
            joinedload(Ticket.assignee),
            joinedload(Ticket.service),
            joinedload(Ticket.queue),
        )
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    items = list(db.session.scalars(stmt).unique())
    return Page(items=items, total=total, page=page, per_page=per_page)


def user_queues(user: User) -> list[Queue]:
    """The queues an agent works (all active queues for an admin)."""
    stmt = select(Queue).where(Queue.active.is_(True)).order_by(Queue.name)
    if not user.has_role("admin"):
        stmt = stmt.where(
            Queue.id.in_(select(QueueMember.queue_id).where(QueueMember.user_id == user.id))
        )
    return list(db.session.scalars(stmt))


def queue_counts(user: User, queues: list[Queue], *, now: datetime) -> dict[int, dict[str, int]]:
    """Open, unassigned and breached counts per queue, in one grouped query."""
    if not queues:
        return {}
    open_statuses = [s.value for s in OPEN_STATUSES]
    stmt = (
        select(
            Ticket.queue_id,
            func.count(),
            func.sum(func.cast(Ticket.assignee_id.is_(None), db.Integer)),
            func.sum(func.cast(Ticket.due_at.is_not(None) & (Ticket.due_at <= now), db.Integer)),
        )
        .where(
            Ticket.queue_id.in_([q.id for q in queues]),
            Ticket.status.in_(open_statuses),
            ticket_visibility(user),
        )
        .group_by(Ticket.queue_id)
    )
    counts = {q.id: {"open": 0, "unassigned": 0, "breached": 0} for q in queues}
    for queue_id, total, unassigned, breached in db.session.execute(stmt):
        counts[queue_id] = {
            "open": total,
            "unassigned": int(unassigned or 0),
            "breached": int(breached or 0),
        }
    return counts


def my_open_count(user: User) -> int:
    stmt = select(func.count()).where(
        Ticket.assignee_id == user.id, Ticket.status.in_([s.value for s in OPEN_STATUSES])
    )
    return db.session.scalar(stmt) or 0


def find_by_reference(user: User, reference: str) -> Ticket | None:
    ref = parse_reference(reference)
    if ref is None:
        return None
    return db.session.scalar(
        select(Ticket).where(Ticket.id == ref[1], Ticket.type == ref[0], ticket_visibility(user))
    )


__all__ = [
    "Page",
    "TicketFilter",
    "find_by_reference",
    "list_tickets",
    "my_open_count",
    "queue_counts",
    "user_queues",
]
