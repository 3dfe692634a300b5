"""Ticket flow: backlog by age, incoming vs resolved per week, reopen rate, satisfaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal, select, union_all
from sqlalchemy.orm import aliased

from servicedesk.domain.reports.dimensions import Dimension, label_keys
from servicedesk.domain.reports.figures import (
    bucket_keys,
    cover,
    in_keys,
    no_service,
    open_counts,
    period_keys,
    ticket_counts,
)
from servicedesk.domain.reports.period import (
    LOCAL,
    Period,
    in_period,
    iso_week,
    local_midnight,
    week_boundaries,
)
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Queue,
    ReportTicketFigure,
    Service,
    Status,
    Ticket,
    TicketHistory,
)
from servicedesk.models.report_figures import OPEN_MEASURES

OPEN = (Status.NEW.value, Status.OPEN.value, Status.PENDING.value)
# Age buckets of open tickets: (key, label, lower bound in days, upper bound in days or None)
AGE_BUCKETS = [
    ("d0", _l("Under 1 day"), 0, 1),
    ("d1", _l("1–3 days"), 1, 3),
    ("d3", _l("3–7 days"), 3, 7),
    ("d7", _l("7–30 days"), 7, 30),
    ("d30", _l("Over 30 days"), 30, None),
]


def age_condition(bucket: str, *, now: datetime):
    _key, _label, low, high = next(b for b in AGE_BUCKETS if b[0] == bucket)
    condition = Ticket.created_at <= now - timedelta(days=low)
    if high is not None:
        condition = and_(condition, Ticket.created_at > now - timedelta(days=high))
    return condition


@dataclass
class BacklogRow:
    key: int
    label: str
    buckets: dict[str, int] = field(default_factory=dict)
    oldest: datetime | None = None  # registration of the queue's oldest open ticket

    @property
    def total(self) -> int:
        return sum(self.buckets.values())


def backlog(scope: ReportScope, *, now: datetime) -> list[BacklogRow]:
    """Open tickets (new, in progress, pending) now, per queue, by age since registration.

    The whole local days of each age bucket come from the figure rows of open tickets by
    registration day (kept by the triggers); only the partial days at each bucket's edges
    (a day or less each) are counted from the tickets; each queue's oldest open ticket is
    one index seek per open status (`ix_ticket_queue_status_created`). So the cost follows
    the number of queues and days, not the number of open tickets."""
    queues = _oldest_open(scope)
    if not queues:
        return []
    earliest = min(oldest for _name, oldest in queues.values()).astimezone(LOCAL).date()
    keys = [b[0] for b in AGE_BUCKETS]
    counts = {queue_id: dict.fromkeys(keys, 0) for queue_id in queues}
    whole, partial = [], []
    for _key, _label, low, high in AGE_BUCKETS:
        after = now - timedelta(days=high) if high is not None else None
        days_, edges = _split_age(after, now - timedelta(days=low), earliest)
        whole.append(days_)
        partial.append(edges)
    for index, queue_id, n in open_counts(scope, whole, _open_measures(scope)):
        if queue_id in counts:
            counts[queue_id][keys[index]] += n
    for index, queue_id, n in _open_in_ranges(scope, partial):
        if queue_id in counts:
            counts[queue_id][keys[index]] += n
    rows = [
        BacklogRow(queue_id, name, counts[queue_id], oldest)
        for queue_id, (name, oldest) in queues.items()
    ]
    return sorted((r for r in rows if r.total), key=lambda r: r.label)


def _open_measures(scope: ReportScope) -> tuple[str, ...]:
    return ("open",) if scope.hidden_security else OPEN_MEASURES


def _oldest_open(scope: ReportScope) -> dict[int, tuple[str, datetime]]:
    """Queue id -> (name, registration of its oldest open ticket the reader may open), for
    the queues with any: per open status the first entry of an index range."""
    firsts = [
        select(Ticket.created_at)
        .where(Ticket.queue_id == Queue.id, Ticket.status == status, scope.tickets())
        .order_by(Ticket.created_at)
        .limit(1)
        .correlate(Queue)
        .scalar_subquery()
        for status in OPEN
    ]
    result = {}
    for queue_id, name, *instants in db.session.execute(
        select(Queue.id, Queue.name, *firsts).order_by(Queue.name)
    ):
        found = [i for i in instants if i is not None]
        if found:
            result[queue_id] = (name, min(found))
    return result


def _split_age(after: datetime | None, until: datetime, earliest: date):
    """The tickets registered in (after, until] as (figure keys of the whole local days in
    it, the partial days at its edges as ranges (start, start included, end, end
    included), start None: unbounded); `after` None: from the first day with an open
    ticket (`earliest`)."""
    first = earliest if after is None else after.astimezone(LOCAL).date() + timedelta(days=1)
    last = until.astimezone(LOCAL).date()  # its midnight is <= until: whole days end there
    if first >= last:
        return [], [(after, False, until, True)]
    edges = [(local_midnight(last), True, until, True)]
    if after is not None:
        edges.append((after, False, local_midnight(first), False))
    return cover(first, last), edges


def _open_in_ranges(scope: ReportScope, ranges: list[list[tuple]]):
    """(bucket index, queue id, open tickets) registered in each bucket's partial days."""
    legs = []
    for index, pieces in enumerate(ranges):
        for start, with_start, end, with_end in pieces:
            span = Ticket.created_at <= end if with_end else Ticket.created_at < end
            if start is not None:
                span = and_(
                    Ticket.created_at >= start if with_start else Ticket.created_at > start, span
                )
            legs.append(
                select(literal(index), Ticket.queue_id, func.count())
                .where(Ticket.status.in_(OPEN), span, scope.tickets())
                .group_by(Ticket.queue_id)
            )
    for index, queue_id, n in db.session.execute(union_all(*legs)):
        yield int(index), queue_id, int(n)


@dataclass
class WeekRow:
    start: datetime  # local Monday 00:00 (as UTC)
    end: datetime  # the next Monday 00:00
    incoming: int = 0
    resolved: int = 0

    @property
    def iso_week(self) -> tuple[int, int]:
        return iso_week(self.start)


def incoming_resolved(scope: ReportScope, period: Period) -> list[WeekRow]:
    """Per local week: tickets registered (created_at) and resolved (resolved_at) in it,
    from the figure rows of the week's days inside the period."""
    bounds = week_boundaries(period)
    rows = [WeekRow(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    buckets = bucket_keys(bounds, period)
    for index, measure, count, _amount in ticket_counts(scope, buckets, ("incoming", "resolved")):
        setattr(rows[index], measure, getattr(rows[index], measure) + count)
    return rows


@dataclass
class RateRow:
    key: object
    label: str
    total: int
    part: int
    score: float | None = None
    rating_sum: int = 0  # satisfaction: the sum of the answers' ratings (exact overall mean)

    @property
    def share(self) -> float | None:
        return self.part / self.total if self.total else None


def reopen_rate(scope: ReportScope, period: Period, dim: Dimension, *, locale: str = "sv"):
    """Per group: tickets resolved in the period, and how many of them were reopened later.

    A ticket was reopened after one of its resolutions in the period exactly when its last
    reopening (resolved → open) comes after its first resolution in the period: per ticket
    the first resolution (an index range on the instant) and the last reopening since the
    period began (the small partial index of reopenings), joined, not probed per row."""
    resolved = aliased(TicketHistory)
    reopen = aliased(TicketHistory)
    per_ticket = (
        select(resolved.ticket_id.label("ticket_id"), func.min(resolved.at).label("first_at"))
        .where(
            resolved.field == "status",
            resolved.new_value == Status.RESOLVED.value,
            in_period(resolved.at, period),
        )
        .group_by(resolved.ticket_id)
        .subquery("per_ticket")
    )
    reopened = (
        select(reopen.ticket_id.label("ticket_id"), func.max(reopen.at).label("last_at"))
        .where(
            reopen.field == "status",
            reopen.old_value == Status.RESOLVED.value,
            reopen.new_value == Status.OPEN.value,
            reopen.at >= period.start,
        )
        .group_by(reopen.ticket_id)
        .subquery("reopened")
    )
    key = dim.column().label("key")
    later = case((reopened.c.last_at > per_ticket.c.first_at, 1), else_=0)
    stmt = (
        select(key, func.count(), func.coalesce(func.sum(later), 0))
        .select_from(per_ticket)
        .join(Ticket, Ticket.id == per_ticket.c.ticket_id)
        .outerjoin(reopened, reopened.c.ticket_id == per_ticket.c.ticket_id)
    )
    if dim.needs_service:
        stmt = stmt.outerjoin(Service, Service.id == Ticket.service_id)
    stmt = stmt.where(scope.tickets()).group_by(key)
    return _rate_rows(db.session.execute(stmt).all(), dim, locale)


def _rate_rows(rows, dim: Dimension, locale: str, with_score: bool = False) -> list[RateRow]:
    names = label_keys(dim, [r[0] for r in rows], locale)
    result = [
        RateRow(
            r[0],
            names[r[0]],
            int(r[1]),
            int(r[2]),
            round(float(r[3]), 2) if with_score and r[3] is not None else None,
            int(r[4] or 0) if with_score else 0,
        )
        for r in rows
    ]
    return sorted(result, key=lambda r: r.label.lower())


def satisfaction(scope: ReportScope, period: Period, dim: Dimension, *, locale: str = "sv"):
    """Per service (or queue): tickets resolved in the period (resolved_at), survey answers
    among them, and their mean rating (1–5), from the daily figure rows."""
    f = ReportTicketFigure
    column = {"service": f.service_id, "queue": f.queue_id}[dim.name]
    stmt = (
        select(column, f.measure, func.sum(f.n), func.sum(f.amount))
        .where(
            f.measure.in_(("resolved", "answered")),
            in_keys(f, period_keys(period)),
            scope.figures(f.service_id, f.queue_id),
        )
        .group_by(column, f.measure)
    )
    sums: dict = {}
    for key, measure, n, amount in db.session.execute(stmt):
        counts = sums.setdefault(no_service(key), {"resolved": (0, 0), "answered": (0, 0)})
        counts[measure] = (int(n or 0), int(amount or 0))
    rows = []
    for key, counts in sums.items():
        (resolved, _), (answers, ratings) = counts["resolved"], counts["answered"]
        if resolved or answers:
            rows.append((key, resolved, answers, ratings / answers if answers else None, ratings))
    return _rate_rows(rows, dim, locale, with_score=True)
