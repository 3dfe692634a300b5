"""Month by month over the last 12 months: the same definitions as the period report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, literal, select, union_all

from servicedesk.domain.reports.compliance import FR, RES
from servicedesk.domain.reports.flow import tickets_per_bucket
from servicedesk.domain.reports.period import (
    LOCAL,
    Period,
    bucket_legs,
    in_period,
    month_boundaries,
    month_start,
)
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import SlaTimer, Ticket

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
    rows = [MonthRow(month_start(first, i)) for i in range(MONTHS)]
    add_decided(scope, bounds, rows)
    for column, attr in ((Ticket.created_at, "incoming"), (Ticket.resolved_at, "resolved")):
        for index, count in db.session.execute(tickets_per_bucket(scope, column, bounds)):
            setattr(rows[index], attr, int(count))
    return rows


def decided_totals(scope: ReportScope, period: Period) -> MonthRow:
    """First-response and resolution timers decided in one period, met and breached: the
    trend's counts for any period (the summary's previous period)."""
    row = MonthRow(period.first_day)
    add_decided(scope, [period.start, period.end], [row])
    return row


def add_decided(scope: ReportScope, bounds: list, rows: list[MonthRow]) -> None:
    """Add the decided timers of each bucket [bounds[i], bounds[i+1]) to rows[i]."""
    for index, breached, kind, count in db.session.execute(_decided_per_month(scope, bounds)):
        prefix = "fr" if kind == FR else "res"
        setattr(rows[index], f"{prefix}_total", getattr(rows[index], f"{prefix}_total") + count)
        if breached:
            rows[index].breaches += count
        else:
            setattr(rows[index], f"{prefix}_met", getattr(rows[index], f"{prefix}_met") + count)


def _decided_per_month(scope: ReportScope, bounds: list):
    """(month, breached?, kind, count): per month the two index ranges of decided_timers,
    breached in the month and stopped in time in the month."""

    def leg(index: int, month: Period, breached: bool):
        instant = in_period(SlaTimer.breached_at, month)
        if not breached:
            instant = and_(SlaTimer.breached_at.is_(None), in_period(SlaTimer.met_at, month))
        stmt = select(literal(index), literal(breached), SlaTimer.kind, func.count())
        if scope.needs_ticket:
            stmt = stmt.join(Ticket, Ticket.id == SlaTimer.ticket_id)
        return stmt.where(SlaTimer.kind.in_((FR, RES)), instant, scope.tickets()).group_by(
            SlaTimer.kind
        )

    return union_all(
        *bucket_legs(bounds, lambda i, month: leg(i, month, True)),
        *bucket_legs(bounds, lambda i, month: leg(i, month, False)),
    )
