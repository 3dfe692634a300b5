"""Median and 90th percentile of business time to first response and to resolution.

One method on both databases: linear interpolation between closest ranks (what
PostgreSQL's percentile_cont computes). For the n sorted values v[0..n-1] of a group,
h = p·(n-1) and the result is v[floor(h)] + (h - floor(h))·(v[ceil(h)] - v[floor(h)]).
The database reads the period's stopped timers from one covering index range (the cost
follows the period, not the table), numbers each group's values in order with window
functions and returns only the ranks floor(h) and ceil(h) for p = 0.5 and 0.9, found with
integer arithmetic (p = k/10), so both databases give the same numbers and Python never
holds the list of values.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, literal, or_, select

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
    ix_sla_timer_stopped, which covers it (the ticket only when a grouping or the scope
    needs it)."""
    key = dim.column() if dim else literal("all")
    stmt = select(
        key.label("key"), SlaTimer.kind.label("kind"), SlaTimer.elapsed_minutes.label("value")
    ).select_from(SlaTimer)
    if dim is not None or scope.needs_ticket:
        stmt = stmt.join(Ticket, Ticket.id == SlaTimer.ticket_id)
    if dim and dim.needs_service:
        stmt = stmt.outerjoin(Service, Service.id == Ticket.service_id)
    return stmt.where(
        SlaTimer.kind.in_((FR, RES)), in_period(SlaTimer.met_at, period), scope.tickets()
    )


def _ranks(n: ColumnElement) -> list[ColumnElement]:
    """The 0-based ranks floor(h) and ceil(h) of every percentile, as SQL integer arithmetic
    on the group size `n` (the same as `_bounds`)."""
    ranks = []
    for tenths in PERCENTILES.values():
        ranks += [(n - 1) * tenths // 10, ((n - 1) * tenths + 9) // 10]
    return ranks


def _percentile_rows(scope: ReportScope, period: Period, dim: Dimension | None):
    """(key, kind, group size, 0-based rank, value) of only the ranks the percentiles need:
    the database numbers each group's values in order (window functions) and returns at
    most four rows per group, so no list of all values is ever held in Python."""
    stopped = _stopped(scope, period, dim).subquery("stopped")
    group = (stopped.c.key, stopped.c.kind)
    ranked = select(
        stopped.c.key,
        stopped.c.kind,
        stopped.c.value,
        (func.row_number().over(partition_by=group, order_by=stopped.c.value) - 1).label("rank"),
        # the same window with a whole-partition frame: one sort serves both numbers
        func.count()
        .over(partition_by=group, order_by=stopped.c.value, rows=(None, None))
        .label("n"),
    ).subquery("ranked")
    return db.session.execute(
        select(ranked.c.key, ranked.c.kind, ranked.c.n, ranked.c.rank, ranked.c.value).where(
            or_(*(ranked.c.rank == r for r in _ranks(ranked.c.n)))
        )
    )


def business_times_with_overall(
    scope: ReportScope, period: Period, dim: Dimension | None, *, locale: str = "sv"
) -> tuple[list[TimeRow], TimeRow | None]:
    """Percentiles per group of `dim` and over all groups. Each comes from one statement in
    which the database sorts the period's stopped timers per group and returns only the
    ranks that the interpolation needs (memory: a few rows per group, not every value)."""
    rows = _assemble(_groups(_percentile_rows(scope, period, dim)), dim, locale)
    if dim is None:
        return rows, rows[0] if rows else None
    total = _assemble(_groups(_percentile_rows(scope, period, None)), None, locale)
    return rows, total[0] if total else None


def _groups(result) -> dict[tuple, tuple[int, dict[int, float]]]:
    """Per (key, kind): the group size and its needed values by rank."""
    groups: dict[tuple, tuple[int, dict[int, float]]] = {}
    for key, kind, n, rank, value in result:
        groups.setdefault((key, kind), (int(n), {}))[1][int(rank)] = float(value)
    return groups


def business_times(
    scope: ReportScope, period: Period, dim: Dimension | None, *, locale: str = "sv"
) -> list[TimeRow]:
    """Per group: percentiles of elapsed business minutes of timers stopped in the period."""
    grouped, _overall = business_times_with_overall(scope, period, dim, locale=locale)
    return grouped if dim is not None else ([_overall] if _overall else [])


def _assemble(groups: dict[tuple, tuple[int, dict[int, float]]], dim: Dimension | None, locale):
    keys = sorted({k for k, _ in groups}, key=lambda k: (k is None, str(k)))
    names = label_keys(dim, keys, locale) if dim else {k: "" for k in keys}
    result = []
    for key in keys:
        row = TimeRow(key, names[key])
        for kind, prefix in ((FR, "fr"), (RES, "res")):
            if (key, kind) not in groups:
                continue
            n, by_rank = groups[(key, kind)]
            setattr(row, f"{prefix}_count", n)
            for name, tenths in PERCENTILES.items():
                setattr(row, f"{prefix}_{name}", round(interpolate(by_rank, n, tenths), 1))
        result.append(row)
    return sorted(result, key=lambda r: r.label.lower())
