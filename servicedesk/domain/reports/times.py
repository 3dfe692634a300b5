"""Median and 90th percentile of business time to first response and to resolution.

Approximate ("ungefär" on the page): the daily figure table keeps, per day, service and
queue, a histogram of the stopped timers' business minutes in fixed buckets (1 minute wide
under an hour, then 5, 20, 80, 320 and 1,280 minutes; `models.report_figures.BUCKETS`). The
percentile is the exact method (linear interpolation between closest ranks, as
PostgreSQL's percentile_cont: h = p·(n-1), v[floor(h)] + (h - floor(h))·(v[ceil(h)] -
v[floor(h)])) with each value placed evenly inside its bucket, so it is off by less than
one bucket's width. Its cost follows the number of buckets, not of timers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, literal, select

from servicedesk.domain.reports.compliance import FR, RES
from servicedesk.domain.reports.dimensions import Dimension, label_keys
from servicedesk.domain.reports.figures import (
    in_keys,
    no_service,
    percentile_from_buckets,
    period_keys,
)
from servicedesk.domain.reports.period import Period
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import ReportTimeBucket

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


def _histograms(scope: ReportScope, period: Period, dim: Dimension | None):
    """Per (group key, kind): the histogram of business minutes of the timers stopped in the
    period, [(bucket lower bound, count)] sorted, from the daily figure table."""
    if dim is not None and dim.name != "service":
        raise ValueError("business times are kept per service only")
    f = ReportTimeBucket
    key = f.service_id if dim is not None else literal("all")
    stmt = (
        select(key.label("key"), f.kind, f.bucket, func.sum(f.n))
        .where(
            f.kind.in_((FR, RES)),
            in_keys(f, period_keys(period)),
            scope.figures(f.service_id, f.queue_id),
        )
        .group_by(key, f.kind, f.bucket)
        .order_by(key, f.kind, f.bucket)
    )
    groups: dict[tuple, list[tuple[int, int]]] = {}
    for group_key, kind, bucket, count in db.session.execute(stmt):
        if count:
            key_ = no_service(group_key) if dim is not None else group_key
            groups.setdefault((key_, kind), []).append((int(bucket), int(count)))
    return groups


def business_times_with_overall(
    scope: ReportScope, period: Period, dim: Dimension | None, *, locale: str = "sv"
) -> tuple[list[TimeRow], TimeRow | None]:
    """Percentiles per service (`dim`) and over all of them, approximately ("ungefär"): from
    the histograms of the daily figure table, each value taken as spread evenly over its
    bucket (exact to 1 minute under an hour, then to 5, 20, 80, 320 and 1,280; see
    docs/reports.md). One statement reads the period's buckets per service; the overall
    histogram is their sum."""
    groups = _histograms(scope, period, dim)
    rows = _assemble(groups, dim, locale)
    if dim is None:
        return rows, rows[0] if rows else None
    merged: dict[tuple, dict[int, int]] = {}
    for (_key, kind), histogram in groups.items():
        target = merged.setdefault(("all", kind), {})
        for bucket, count in histogram:
            target[bucket] = target.get(bucket, 0) + count
    total = _assemble({k: sorted(v.items()) for k, v in merged.items()}, None, locale)
    return rows, total[0] if total else None


def business_times(
    scope: ReportScope, period: Period, dim: Dimension | None, *, locale: str = "sv"
) -> list[TimeRow]:
    """Per group: percentiles of elapsed business minutes of timers stopped in the period."""
    grouped, _overall = business_times_with_overall(scope, period, dim, locale=locale)
    return grouped if dim is not None else ([_overall] if _overall else [])


def _assemble(groups: dict[tuple, list[tuple[int, int]]], dim: Dimension | None, locale):
    keys = sorted({k for k, _ in groups}, key=lambda k: (k is None, str(k)))
    names = label_keys(dim, keys, locale) if dim else {k: "" for k in keys}
    result = []
    for key in keys:
        row = TimeRow(key, names[key])
        for kind, prefix in ((FR, "fr"), (RES, "res")):
            if (key, kind) not in groups:
                continue
            histogram = groups[(key, kind)]
            setattr(row, f"{prefix}_count", sum(c for _, c in histogram))
            for name, tenths in PERCENTILES.items():
                value = percentile_from_buckets(histogram, tenths)
                setattr(row, f"{prefix}_{name}", round(value, 1))
        result.append(row)
    return sorted(result, key=lambda r: r.label.lower())
