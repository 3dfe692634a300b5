"""Month by month over the last 12 months: the same definitions as the period report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from servicedesk.domain.reports.compliance import FR, RES
from servicedesk.domain.reports.figures import bucket_keys, decided_counts, ticket_counts
from servicedesk.domain.reports.period import (
    LOCAL,
    Period,
    month_boundaries,
    month_start,
)
from servicedesk.domain.reports.scope import ReportScope

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
    """The current month and the 11 before it, from the monthly figure rows."""
    first = month_start(now.astimezone(LOCAL).date(), -(MONTHS - 1))
    bounds = month_boundaries(first, MONTHS)
    rows = [MonthRow(month_start(first, i)) for i in range(MONTHS)]
    add_decided(scope, bounds, rows)
    buckets = bucket_keys(bounds)
    for index, measure, count, _amount in ticket_counts(scope, buckets, ("incoming", "resolved")):
        setattr(rows[index], measure, getattr(rows[index], measure) + count)
    return rows


def decided_totals(scope: ReportScope, period: Period) -> MonthRow:
    """First-response and resolution timers decided in one period, met and breached: the
    trend's counts for any period (the summary's previous period)."""
    row = MonthRow(period.first_day)
    add_decided(scope, [period.start, period.end], [row])
    return row


def add_decided(scope: ReportScope, bounds: list, rows: list[MonthRow]) -> None:
    """Add the decided timers of each bucket [bounds[i], bounds[i+1]) to rows[i]."""
    for index, kind, decided, met, breached in decided_counts(
        scope, bucket_keys(bounds), (FR, RES)
    ):
        row, prefix = rows[index], "fr" if kind == FR else "res"
        setattr(row, f"{prefix}_total", getattr(row, f"{prefix}_total") + decided)
        setattr(row, f"{prefix}_met", getattr(row, f"{prefix}_met") + met)
        row.breaches += breached
