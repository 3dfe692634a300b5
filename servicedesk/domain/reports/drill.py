"""Drill-down: the tickets behind one figure, built from the same conditions as the figure.

The figure counts only tickets the viewer may open (the report scope leaves out restricted
services that are not theirs), so the list holds exactly the counted tickets; the list is
still cut by `ticket_visibility`, the one permission layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import aliased

from servicedesk.domain.permissions import ticket_visibility
from servicedesk.domain.reports.compliance import FR, OLA, RES, breached, decided_in, met
from servicedesk.domain.reports.dimensions import DIMENSIONS, key_condition
from servicedesk.domain.reports.flow import AGE_BUCKETS, OPEN, age_condition
from servicedesk.domain.reports.period import Period, in_period
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, SlaTimer, Status, Ticket, TicketHistory, User

TIMER_MEASURES = ("total", "met", "breached", "warned")
FLOW_MEASURES = ("incoming", "resolved", "backlog", "reopened")
DRILL_LIMIT = 200


@dataclass(frozen=True)
class DrillSpec:
    measure: str
    kind: str = ""  # first_response, resolution, ola (timer measures)
    dim: str = ""  # a grouping name, or for OLA "queue"/"ola_unit"
    key: str = ""
    bucket: str = ""  # backlog age bucket

    def is_valid(self) -> bool:
        if self.measure in TIMER_MEASURES:
            return self.kind in (FR, RES, OLA)
        if self.measure == "backlog":
            return not self.bucket or self.bucket in {b[0] for b in AGE_BUCKETS}
        return self.measure in FLOW_MEASURES


def _timer_condition(spec: DrillSpec, scope: ReportScope, period: Period) -> ColumnElement:
    outcome = {
        "total": None,
        "met": met(),
        "breached": breached(),
        "warned": SlaTimer.warned_at.is_not(None),
    }[spec.measure]
    conditions = [SlaTimer.kind == spec.kind, decided_in(period)]
    if outcome is not None:
        conditions.append(outcome)
    if spec.kind == OLA:
        conditions.append(scope.ola_timers())
        if spec.dim == "queue" and spec.key:
            conditions.append(SlaTimer.queue_id == _int(spec.key))
        elif spec.dim == "ola_unit" and spec.key:
            units = select(Queue.id).where(Queue.unit_id == _int(spec.key))
            conditions.append(SlaTimer.queue_id.in_(units))
        return and_(Ticket.id.in_(select(SlaTimer.ticket_id).where(*conditions)), scope.openable())
    return and_(Ticket.id.in_(select(SlaTimer.ticket_id).where(*conditions)), scope.tickets())


def _flow_condition(spec: DrillSpec, scope: ReportScope, period: Period, now: datetime):
    if spec.measure == "incoming":
        condition = in_period(Ticket.created_at, period)
    elif spec.measure == "resolved":
        condition = in_period(Ticket.resolved_at, period)
    elif spec.measure == "backlog":
        condition = Ticket.status.in_(OPEN)
        if spec.bucket:
            condition = and_(condition, age_condition(spec.bucket, now=now))
        if spec.dim == "queue" and spec.key:
            condition = and_(condition, Ticket.queue_id == _int(spec.key))
    else:
        condition = _reopened_condition(period)
    return and_(condition, scope.tickets())


def _reopened_condition(period: Period) -> ColumnElement:
    """Resolved in the period and reopened after that resolution (as in reopen_rate)."""
    resolved = aliased(TicketHistory)
    reopen = aliased(TicketHistory)
    later = and_(
        reopen.ticket_id == resolved.ticket_id,
        reopen.field == "status",
        reopen.old_value == Status.RESOLVED.value,
        reopen.new_value == Status.OPEN.value,
        reopen.at > resolved.at,
    )
    tickets = (
        select(resolved.ticket_id)
        .join(reopen, later)
        .where(
            resolved.field == "status",
            resolved.new_value == Status.RESOLVED.value,
            in_period(resolved.at, period),
        )
    )
    return Ticket.id.in_(tickets)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def drill_condition(spec: DrillSpec, scope: ReportScope, period: Period, *, now: datetime):
    if spec.measure in TIMER_MEASURES:
        condition = _timer_condition(spec, scope, period)
    else:
        condition = _flow_condition(spec, scope, period, now)
    ola_dim = spec.kind == OLA and spec.dim == "queue"  # an OLA timer's own queue, above
    if spec.dim in DIMENSIONS and spec.measure != "backlog" and not ola_dim:
        condition = and_(condition, key_condition(DIMENSIONS[spec.dim], spec.key or None))
    return condition


@dataclass
class DrillResult:
    tickets: list[Ticket]
    counted: int  # tickets behind the figure, all of which the viewer may open


def drill_down(
    user: User, scope: ReportScope, period: Period, spec: DrillSpec, *, now: datetime
) -> DrillResult:
    visible = and_(drill_condition(spec, scope, period, now=now), ticket_visibility(user))
    counted = db.session.scalar(select(func.count()).select_from(Ticket).where(visible)) or 0
    tickets = db.session.scalars(
        select(Ticket)
        .where(visible)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(DRILL_LIMIT)
    ).all()
    return DrillResult(list(tickets), counted)
