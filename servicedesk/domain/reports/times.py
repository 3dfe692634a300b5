"""Median and 90th percentile of business time to first response and to resolution.

One method on both databases: linear interpolation between closest ranks (what
PostgreSQL's percentile_cont computes). For the n sorted values v[0..n-1] of a group,
h = p·(n-1) and the result is v[floor(h)] + (h - floor(h))·(v[ceil(h)] - v[floor(h)]).
The database returns the period's stopped timers from one covering index range (the cost
follows the period, not the table); they are sorted per group here and the ranks floor(h)
and ceil(h) for p = 0.5 and 0.9 are found with integer arithmetic (p = k/10), so both
databases give the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import literal, select

from servicedesk.domain.reports.compliance import FR, RES
from servicedesk.domain.reports.dimensions import Dimension, label_keys
from servicedesk.domain.reports.period import Period, in_period
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import Service, SlaTimer, Ticket

PERCENTILES = {"p50": 5, "p90": 9}  # tenths


@dataclass
class TimeRow:
    key: object
    label: str
    fr_count: int = 0
    fr_p50: float | None = None
    fr_p90: float | None = None
    res_count: int = 0
    res_p50: float | None = None
    res_p90: float | None = None


def _bounds(n: int, tenths: int) -> tuple[int, int, float]:
    scaled = tenths * (n - 1)
    return scaled // 10, (scaled + 9) // 10, (scaled % 10) / 10


def interpolate(values, n: int, tenths: int) -> float:
    """`values`: the sorted values (or a mapping from rank to value)."""
    low, high, frac = _bounds(n, tenths)
    return values[low] + frac * (values[high] - values[low])


def _stopped(scope: ReportScope, period: Period, dim: Dimension | None):
    """(group key, kind, business minutes) of every timer stopped in the period: a range of
    ix_sla_timer_stopped, which covers it (the ticket only when a grouping or a department
    scope needs it)."""
    key = dim.column() if dim else literal("all")
    stmt = select(key, SlaTimer.kind, SlaTimer.elapsed_minutes).select_from(SlaTimer)
    if dim is not None or scope.needs_ticket:
        stmt = stmt.join(Ticket, Ticket.id == SlaTimer.ticket_id)
    if dim and dim.needs_service:
        stmt = stmt.outerjoin(Service, Service.id == Ticket.service_id)
    return stmt.where(
        SlaTimer.kind.in_((FR, RES)), in_period(SlaTimer.met_at, period), scope.tickets()
    )


def business_times_with_overall(
    scope: ReportScope, period: Period, dim: Dimension | None, *, locale: str = "sv"
) -> tuple[list[TimeRow], TimeRow | None]:
    """Percentiles per group of `dim` and over all groups, from one pass over the period's
    stopped timers. The values are sorted here: one sort per group in Python is cheaper
    than the database numbering the rows twice (per group and overall) with window
    functions, and the ranks and interpolation are the same."""
    grouped: dict[tuple, list[float]] = defaultdict(list)
    overall: dict[tuple, list[float]] = defaultdict(list)
    for key, kind, value in db.session.execute(_stopped(scope, period, dim)):
        grouped[(key, kind)].append(float(value))
        overall[("all", kind)].append(float(value))
    rows = _assemble(grouped, dim, locale)
    total = _assemble(overall, None, locale) if dim is not None else rows
    return rows, total[0] if total else None


def business_times(
    scope: ReportScope, period: Period, dim: Dimension | None, *, locale: str = "sv"
) -> list[TimeRow]:
    """Per group: percentiles of elapsed business minutes of timers stopped in the period."""
    grouped, _overall = business_times_with_overall(scope, period, dim, locale=locale)
    return grouped if dim is not None else ([_overall] if _overall else [])


def _assemble(groups: dict[tuple, list[float]], dim: Dimension | None, locale: str):
    keys = sorted({k for k, _ in groups}, key=lambda k: (k is None, str(k)))
    names = label_keys(dim, keys, locale) if dim else {k: "" for k in keys}
    result = []
    for key in keys:
        row = TimeRow(key, names[key])
        for kind, prefix in ((FR, "fr"), (RES, "res")):
            values = groups.get((key, kind))
            if not values:
                continue
            values.sort()
            n = len(values)
            setattr(row, f"{prefix}_count", n)
            for name, tenths in PERCENTILES.items():
                value = interpolate(values, n, tenths)
                setattr(row, f"{prefix}_{name}", round(value, 1))
        result.append(row)
    return sorted(result, key=lambda r: r.label.lower())
