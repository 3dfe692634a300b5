"""Month by month over the last 12 months: the same definitions as the period report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select

from servicedesk.domain.reports.compliance import FR, RES, count_if, decided_timers
from servicedesk.domain.reports.period import (
    LOCAL,
    Period,
    bucket_of,
    in_period,
    month_boundaries,
    month_start,
)
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import Ticket

MONTHS = 12


@dataclass
class MonthRow:
    month: date
    fr_total: int = 0
    fr_met: int = 0
    res_total: int = 0
    res_met: int = 0
    breaches: int = 0
    incoming: int = 0
    resolved: int = 0

    @property
    def fr_share(self) -> float | None:
        return self.fr_met / self.fr_total if self.fr_total else None

    @property
    def res_share(self) -> float | None:
        return self.res_met / self.res_total if self.res_total else None


def monthly_trend(scope: ReportScope, *, now: datetime) -> list[MonthRow]:
    """The current month and the 11 before it."""
    first = month_start(now.astimezone(LOCAL).date(), -(MONTHS - 1))
    bounds = month_boundaries(first, MONTHS)
    span = Period(bounds[0], bounds[-1])
    rows = [MonthRow(month_start(first, i)) for i in range(MONTHS)]
    decided = decided_timers(span, (FR, RES))
    month = bucket_of(func.coalesce(decided.c.breached_at, decided.c.met_at), bounds).label("month")
    in_time = decided.c.breached_at.is_(None)
    stmt = (
        select(
            month,
            count_if(decided.c.kind == FR),
            count_if(and_(decided.c.kind == FR, in_time)),
            count_if(decided.c.kind == RES),
            count_if(and_(decided.c.kind == RES, in_time)),
            count_if(decided.c.breached_at.is_not(None)),
        )
        .select_from(decided)
        .join(Ticket, Ticket.id == decided.c.ticket_id)
        .where(scope.tickets())
        .group_by(month)
    )
    fields = ("fr_total", "fr_met", "res_total", "res_met", "breaches")
    for index, *values in db.session.execute(stmt):
        for name, value in zip(fields, values, strict=True):
            setattr(rows[index], name, int(value))
    for column, attr in ((Ticket.created_at, "incoming"), (Ticket.resolved_at, "resolved")):
        bucket = bucket_of(column, bounds).label("month")
        counted = select(bucket, func.count()).where(in_period(column, span), scope.tickets())
        for index, count in db.session.execute(counted.group_by(bucket)):
            setattr(rows[index], attr, int(count))
    return rows
