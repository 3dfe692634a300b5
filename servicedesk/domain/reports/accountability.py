"""OLA compliance charged to the queue (and its unit) that held the ticket, and the
breach list: every breached timer in the period, ticket by ticket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from servicedesk.domain.permissions import ticket_visibility
from servicedesk.domain.reports.compliance import OLA
from servicedesk.domain.reports.figures import in_keys, period_keys
from servicedesk.domain.reports.period import Period, in_period
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, ReportTimerFigure, Service, SlaTimer, Ticket, Unit, User
from servicedesk.models.sla import SERVICE_LEVEL_KINDS
from servicedesk.models.ticket import format_reference


@dataclass
class OlaRow:
    key: int
    label: str
    total: int
    met: int
    breached: int

    @property
    def share(self) -> float | None:
        return self.met / self.total if self.total else None


def ola_compliance(scope: ReportScope, period: Period, *, by: str = "queue") -> list[OlaRow]:
    """OLA timers decided in the period per queue (by="queue") or per the queue's unit."""
    return ola_compliance_by(scope, period)[by]


def ola_compliance_by(scope: ReportScope, period: Period) -> dict[str, list[OlaRow]]:
    """OLA timers decided in the period per queue and per the queue's unit, from the daily
    figure table (per the timer's queue), added up per unit here."""
    f = ReportTimerFigure
    stmt = (
        select(
            Queue.id,
            Queue.name,
            Unit.id,
            Unit.name,
            func.sum(f.decided),
            func.sum(f.met),
            func.sum(f.breached),
        )
        .select_from(f)
        .join(Queue, Queue.id == f.timer_queue_id)
        .join(Unit, Unit.id == Queue.unit_id)
        .where(
            f.kind == OLA,
            in_keys(f, period_keys(period)),
            scope.ola_queues(f.timer_queue_id),
            scope.figures_openable(f.service_id),
        )
        .group_by(Queue.id, Queue.name, Unit.id, Unit.name)
        .having(func.sum(f.decided) > 0)
        .order_by(Queue.name)
    )
    queues, units = [], {}
    for queue_id, queue_name, unit_id, unit_name, total, in_time_count, late in db.session.execute(
        stmt
    ):
        counts = (int(total), int(in_time_count), int(late))
        queues.append(OlaRow(queue_id, queue_name, *counts))
        unit = units.setdefault(unit_id, OlaRow(unit_id, unit_name, 0, 0, 0))
        unit.total, unit.met, unit.breached = (
            a + b for a, b in zip((unit.total, unit.met, unit.breached), counts, strict=True)
        )
    by_name = select(Unit.id).where(Unit.id.in_(list(units))).order_by(Unit.name)
    return {"queue": queues, "unit": [units[i] for i in db.session.scalars(by_name)]}


@dataclass
class BreachRow:
    ticket_id: int
    reference: str
    title: str
    service: str
    queue: str
    assignee: str
    kind: str
    target_minutes: int
    breached_at: datetime
    met_at: datetime | None
    late_minutes: float | None  # business minutes over target once stopped; None while running


PAGE_SIZES = (25, 50, 100)


@dataclass
class BreachPage:
    rows: list[BreachRow]
    total: int  # rows over all pages: one per ticket and clock
    page: int  # 1-based
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _breaches(user: User, scope: ReportScope, period: Period):
    """One row per ticket and clock breached in the period, on tickets the user may open:
    a ticket's several OLA stints breached in the period are one row, the first breach. The
    order is stable: breach instant, then ticket, then clock."""
    first = (
        func.row_number()
        .over(
            partition_by=(SlaTimer.ticket_id, SlaTimer.kind),
            order_by=(SlaTimer.breached_at, SlaTimer.id),
        )
        .label("nth")
    )
    timers = (
        select(SlaTimer.id.label("timer_id"), first)
        .join(Ticket, Ticket.id == SlaTimer.ticket_id)
        .where(
            in_period(SlaTimer.breached_at, period),
            SlaTimer.kind.in_(SERVICE_LEVEL_KINDS),  # not a security incident's legal clocks
            scope.tickets() | and_(SlaTimer.kind == OLA, scope.ola_timers(), scope.openable()),
            ticket_visibility(user),
        )
        .subquery("breached")
    )
    return select(timers.c.timer_id).where(timers.c.nth == 1)


def breach_page(
    user: User,
    scope: ReportScope,
    period: Period,
    *,
    page: int = 1,
    per_page: int = PAGE_SIZES[0],
    locale: str = "sv",
) -> BreachPage:
    """A page of the breach list (`per_page` one of PAGE_SIZES; a page past the end shows
    the last one)."""
    per_page = per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
    ids = _breaches(user, scope, period).subquery("first_breaches")
    total = db.session.scalar(select(func.count()).select_from(ids)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    rows = _breach_rows(ids, locale, limit=per_page, offset=(page - 1) * per_page)
    return BreachPage(rows, total, page, per_page)


def breach_list(user: User, scope: ReportScope, period: Period, *, locale: str = "sv"):
    """Every row of the breach list (its CSV file): one per ticket and clock."""
    return _breach_rows(_breaches(user, scope, period).subquery("first_breaches"), locale)


def _breach_rows(ids, locale: str, *, limit: int | None = None, offset: int = 0):
    timer_queue = aliased(Queue)
    assignee = aliased(User)
    service_name = Service.name_en if locale == "en" else Service.name_sv
    queue_name = func.coalesce(timer_queue.name, Queue.name)
    stmt = (
        select(
            Ticket.id,
            Ticket.type,
            Ticket.title,
            service_name,
            queue_name,
            assignee.name,
            SlaTimer.kind,
            SlaTimer.target_minutes,
            SlaTimer.breached_at,
            SlaTimer.met_at,
            SlaTimer.elapsed_minutes,
        )
        .select_from(SlaTimer)
        .join(ids, ids.c.timer_id == SlaTimer.id)
        .join(Ticket, Ticket.id == SlaTimer.ticket_id)
        .join(Queue, Queue.id == Ticket.queue_id)
        .outerjoin(timer_queue, timer_queue.id == SlaTimer.queue_id)
        .outerjoin(Service, Service.id == Ticket.service_id)
        .outerjoin(assignee, assignee.id == Ticket.assignee_id)
        .order_by(SlaTimer.breached_at, SlaTimer.ticket_id, SlaTimer.kind)
        .offset(offset)
        .limit(limit)
    )
    return [_breach_row(r) for r in db.session.execute(stmt)]


def _breach_row(r) -> BreachRow:
    late = round(r[10] - r[7], 1) if r[9] is not None else None
    return BreachRow(
        r[0],
        format_reference(r[1], r[0]),
        r[2],
        r[3] or "",
        r[4],
        r[5] or "",
        r[6],
        r[7],
        r[8],
        r[9],
        late,
    )
