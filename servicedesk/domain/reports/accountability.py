"""OLA compliance charged to the queue (and its unit) that held the ticket, and the
breach list: every breached timer in the period, ticket by ticket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from servicedesk.domain.permissions import ticket_visibility
from servicedesk.domain.reports.compliance import OLA, breached, count_if, decided_in, met
from servicedesk.domain.reports.period import Period, in_period
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Service, SlaTimer, Ticket, Unit, User
from servicedesk.models.ticket import format_reference

BREACH_LIST_LIMIT = 500


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
    key_col, name_col = (Queue.id, Queue.name) if by == "queue" else (Unit.id, Unit.name)
    stmt = (
        select(key_col, name_col, func.count(), count_if(met()), count_if(breached()))
        .select_from(SlaTimer)
        .join(Queue, Queue.id == SlaTimer.queue_id)
        .join(Unit, Unit.id == Queue.unit_id)
        .where(SlaTimer.kind == OLA, decided_in(period), scope.ola_timers())
        .group_by(key_col, name_col)
        .order_by(name_col)
    )
    return [OlaRow(*(r[:2]), *(int(v) for v in r[2:])) for r in db.session.execute(stmt)]


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


def breach_list(user: User, scope: ReportScope, period: Period, *, locale: str = "sv"):
    """Breached timers in the period on tickets the user may open (at most 500 rows)."""
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
        .join(Ticket, Ticket.id == SlaTimer.ticket_id)
        .join(Queue, Queue.id == Ticket.queue_id)
        .outerjoin(timer_queue, timer_queue.id == SlaTimer.queue_id)
        .outerjoin(Service, Service.id == Ticket.service_id)
        .outerjoin(assignee, assignee.id == Ticket.assignee_id)
        .where(
            in_period(SlaTimer.breached_at, period),
            scope.tickets() | and_(SlaTimer.kind == OLA, scope.ola_timers()),
            ticket_visibility(user),
        )
        .order_by(SlaTimer.breached_at, SlaTimer.id)
        .limit(BREACH_LIST_LIMIT)
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
