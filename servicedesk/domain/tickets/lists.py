"""Reading tickets for lists: filters, sorting by what breaches first, pages and counts.

Every query starts from the permission layer's visibility condition, so a list, a count and
an export can never show more than the detail page would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import joinedload

from servicedesk.domain.permissions import (
    hidden_restricted_service_ids,
    queue_visibility,
    ticket_visibility,
    works_queue,
)
from servicedesk.domain.tickets.lifecycle import OPEN_STATUSES
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, QueueMember, Status, Ticket, User
from servicedesk.models.ticket import OPEN_STATUS_VALUES, parse_reference

# "due" is served in two index ranges (see _due_page): deadlines first, then tickets with
# no running deadline (paused, or no SLA) oldest first.
SORTS = {
    "due": (Ticket.due_at, Ticket.id),
    "oldest": (Ticket.created_at, Ticket.id),
    "newest": (Ticket.created_at.desc(), Ticket.id.desc()),
    "priority": (Ticket.priority, Ticket.created_at, Ticket.id),
    "updated": (Ticket.updated_at.desc(), Ticket.id.desc()),
}
MAX_PER_PAGE = 100


@dataclass
class TicketFilter:
    queue_id: int | None = None
    statuses: tuple[str, ...] = OPEN_STATUS_VALUES
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


def status_in(statuses: tuple[str, ...]):
    """`status IN (...)` rendered with literal values, so SQLite can prove that the
    partial open-tickets index applies (it cannot with bound parameters)."""
    return Ticket.status.in_(
        bindparam(
            "statuses",
            [Status(s).value for s in statuses],
            expanding=True,
            literal_execute=True,
            unique=True,
        )
    )


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


def _conditions(flt: TicketFilter, *, now: datetime) -> list:
    """The filter's conditions, without the visibility rule."""
    conditions: list = []
    if flt.queue_id is not None:
        conditions.append(Ticket.queue_id == flt.queue_id)
    if flt.statuses:
        conditions.append(status_in(flt.statuses))
    if flt.priority is not None:
        conditions.append(Ticket.priority == flt.priority)
    if flt.unassigned:
        conditions.append(Ticket.assignee_id.is_(None))
    elif flt.assignee_id is not None:
        conditions.append(Ticket.assignee_id == flt.assignee_id)
    if flt.service_id is not None:
        conditions.append(Ticket.service_id == flt.service_id)
    if flt.requester_id is not None:
        conditions.append(Ticket.requester_id == flt.requester_id)
    if flt.breached:
        conditions += [Ticket.due_at.is_not(None), Ticket.due_at <= now]
    elif flt.breaching_within is not None:
        conditions += [
            Ticket.due_at.is_not(None),
            Ticket.due_at > now,
            Ticket.due_at <= now + flt.breaching_within,
        ]
    text = flt.text.strip()
    if text:
        conditions.append(_text_condition(text))
    return conditions + list(flt.extra)


def _text_condition(text: str):
    """A reference in any typed form (the header search's one parser): `INC-302`,
    `inc 302` the case itself; a bare `302` that case or a title with 302 in it ("Office
    365"); anything else words in the title."""
    # Imported here: the search package's query module lists tickets with this module.
    from servicedesk.domain.search.references import parse_any_reference

    ref = parse_any_reference(text, kind="ticket")
    # LIKE wildcards in the user's text are matched literally.
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    in_title = Ticket.title.ilike(f"%{escaped}%", escape="\\")
    if ref is None or ref.kind != "ticket":
        return in_title
    if ref.ticket_type is None:
        return or_(Ticket.id == ref.id, in_title)
    return and_(Ticket.id == ref.id, Ticket.type == ref.ticket_type)


@dataclass
class _Scope:
    """The visibility rule for one list: the general rule, or on a queue the user works,
    the equivalent queue form plus the restricted services hidden from them."""

    visible: object
    hidden: list[int] | None = None


def _scope(user: User, flt: TicketFilter) -> _Scope:
    if flt.queue_id is not None and works_queue(user, flt.queue_id):
        hidden = hidden_restricted_service_ids(user)
        return _Scope(queue_visibility(user, hidden), hidden)
    return _Scope(ticket_visibility(user))


def _count(conditions: list, scope: _Scope, user: User) -> int:
    if scope.hidden is None:
        return (
            db.session.scalar(
                select(func.count()).select_from(Ticket).where(*conditions, scope.visible)
            )
            or 0
        )
    # On a worked queue: everything in range, minus the few hidden restricted tickets; both
    # counts are index ranges.
    total = db.session.scalar(select(func.count()).select_from(Ticket).where(*conditions)) or 0
    if scope.hidden:
        total -= (
            db.session.scalar(
                select(func.count())
                .select_from(Ticket)
                .where(
                    *conditions,
                    Ticket.service_id.in_(scope.hidden),
                    Ticket.requester_id != user.id,
                )
            )
            or 0
        )
    return total


def _load(stmt: Select) -> list[Ticket]:
    """One page of tickets with what a list row shows. The people's roles (eager on User
    elsewhere) are left to load on access: a list shows names only."""
    stmt = stmt.options(
        joinedload(Ticket.requester).lazyload(User.role_rows),
        joinedload(Ticket.assignee).lazyload(User.role_rows),
        joinedload(Ticket.service),
        joinedload(Ticket.queue),
    )
    return list(db.session.scalars(stmt).unique())


def _due_page(where: list, *, offset: int, limit: int) -> list[Ticket]:
    """Deadline order as two index ranges: tickets with a deadline by due_at, then those
    without one by id. No sort over the whole queue, the same order on every database."""
    dated = _load(
        select(Ticket)
        .where(*where, Ticket.due_at.is_not(None))
        .order_by(Ticket.due_at, Ticket.id)
        .limit(limit)
        .offset(offset)
    )
    if len(dated) == limit:
        return dated
    dated_total = (
        db.session.scalar(
            select(func.count()).select_from(Ticket).where(*where, Ticket.due_at.is_not(None))
        )
        or 0
    )
    undated_offset = max(0, offset - dated_total)
    return dated + _load(
        select(Ticket)
        .where(*where, Ticket.due_at.is_(None))
        .order_by(Ticket.id)
        .limit(limit - len(dated))
        .offset(undated_offset)
    )


def list_tickets(
    user: User, flt: TicketFilter, *, page: int = 1, per_page: int = 25, now: datetime
) -> Page:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    conditions = _conditions(flt, now=now)
    scope = _scope(user, flt)
    total = _count(conditions, scope, user)
    where = [*conditions, scope.visible]
    offset = (page - 1) * per_page
    if flt.sort not in SORTS or flt.sort == "due":
        items = _due_page(where, offset=offset, limit=per_page)
    else:
        items = _load(
            select(Ticket).where(*where).order_by(*SORTS[flt.sort]).limit(per_page).offset(offset)
        )
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
    """Open, unassigned and overdue counts per queue the user works, in one grouped query
    served by the open-tickets index (minus hidden restricted tickets, if any)."""
    counts = {q.id: {"open": 0, "unassigned": 0, "breached": 0} for q in queues}
    if not queues:
        return counts
    hidden = hidden_restricted_service_ids(user)

    def grouped(*extra) -> list:
        stmt = (
            select(
                Ticket.queue_id,
                func.count(),
                func.count(case((Ticket.assignee_id.is_(None), 1))),
                func.count(case((Ticket.due_at <= now, 1))),
            )
            .where(
                Ticket.queue_id.in_([q.id for q in queues]),
                status_in(OPEN_STATUS_VALUES),
                *extra,
            )
            .group_by(Ticket.queue_id)
        )
        return list(db.session.execute(stmt))

    for queue_id, total, unassigned, breached in grouped():
        counts[queue_id] = {"open": total, "unassigned": unassigned, "breached": breached}
    if hidden:
        for queue_id, total, unassigned, breached in grouped(
            Ticket.service_id.in_(hidden), Ticket.requester_id != user.id
        ):
            row = counts[queue_id]
            row["open"] -= total
            row["unassigned"] -= unassigned
            row["breached"] -= breached
    return counts


def my_open_count(user: User) -> int:
    stmt = (
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.assignee_id == user.id, Ticket.status.in_([s.value for s in OPEN_STATUSES]))
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
