"""Median and 90th percentile of business time to first response and to resolution.

One method on both databases: linear interpolation between closest ranks (what
PostgreSQL's percentile_cont computes). For the n sorted values v[0..n-1] of a group,
h = p·(n-1) and the result is v[floor(h)] + (h - floor(h))·(v[ceil(h)] - v[floor(h)]).
SQL numbers the rows with ROW_NUMBER and counts them with COUNT(*) OVER, and returns only the
(at most four) rows at floor(h) and ceil(h) for p = 0.5 and 0.9, using integer arithmetic
(p = k/10) so both databases pick the same rows; the interpolation of those rows is done here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, literal, or_, select

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


def interpolate(values: dict[int, float], n: int, tenths: int) -> float:
    low, high, frac = _bounds(n, tenths)
    return values[low] + frac * (values[high] - values[low])


def business_times(
    scope: ReportScope, period: Period, dim: Dimension | None, *, locale: str = "sv"
) -> list[TimeRow]:
    """Per group: percentiles of elapsed business minutes of timers stopped in the period."""
    key = (dim.column() if dim else literal("all")).label("key")
    partition = (key, SlaTimer.kind)
    ranked = select(
        key,
        SlaTimer.kind.label("kind"),
        SlaTimer.elapsed_minutes.label("v"),
        (
            func.row_number().over(partition_by=partition, order_by=SlaTimer.elapsed_minutes) - 1
        ).label("rn"),
        func.count().over(partition_by=partition).label("n"),
    ).join(Ticket, Ticket.id == SlaTimer.ticket_id)
    if dim and dim.needs_service:
        ranked = ranked.outerjoin(Service, Service.id == Ticket.service_id)
    ranked = ranked.where(
        SlaTimer.kind.in_((FR, RES)), in_period(SlaTimer.met_at, period), scope.tickets()
    ).subquery()
    wanted = []
    for tenths in PERCENTILES.values():
        scaled = tenths * (ranked.c.n - 1)
        wanted += [scaled // 10, (scaled + 9) // 10]
    stmt = select(ranked.c.key, ranked.c.kind, ranked.c.n, ranked.c.rn, ranked.c.v).where(
        or_(*(ranked.c.rn == position for position in wanted))
    )
    return _assemble(db.session.execute(stmt).all(), dim, locale)


def _assemble(rows, dim: Dimension | None, locale: str) -> list[TimeRow]:
    groups: dict[tuple, dict[int, float]] = defaultdict(dict)
    counts: dict[tuple, int] = {}
    for key, kind, n, rn, value in rows:
        groups[(key, kind)][int(rn)] = float(value)
        counts[(key, kind)] = int(n)
    keys = sorted({k for k, _ in groups}, key=lambda k: (k is None, str(k)))
    names = label_keys(dim, keys, locale) if dim else {k: "" for k in keys}
    result = []
    for key in keys:
        row = TimeRow(key, names[key])
        for kind, prefix in ((FR, "fr"), (RES, "res")):
            if (key, kind) not in groups:
                continue
            n = counts[(key, kind)]
            setattr(row, f"{prefix}_count", n)
            for name, tenths in PERCENTILES.items():
                value = interpolate(groups[(key, kind)], n, tenths)
                setattr(row, f"{prefix}_{name}", round(value, 1))
        result.append(row)
    return sorted(result, key=lambda r: r.label.lower())
