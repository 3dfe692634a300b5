"""Reading the daily figure tables (models/report_figures.py): which rows make a period.

A period of whole local days is covered by whole months ('m' rows), then whole Monday weeks
inside one month ('w'), then single days ('d'): a year is 12 rows per grouping, a month
one, any period at most about 12 + 8 + 12 keys. The tables are kept by triggers in the same
statement as each change, so the current day is in them too: nothing is read from the raw
rows and nothing is stale.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, false, func, or_, select, text

from servicedesk.domain.reports.period import Period, month_start
from servicedesk.infra.extensions import db
from servicedesk.models import ReportTicketFigure, ReportTimerFigure
from servicedesk.models.report_figures import bucket_of, rebuild_sql

Key = tuple[str, date]


def cover(first: date, after: date) -> list[Key]:
    """(grain, first day) keys whose days are exactly first..after-1."""
    keys: list[Key] = []
    day = first
    while day < after:
        if day.day == 1 and month_start(day, 1) <= after:
            keys.append(("m", day))
            day = month_start(day, 1)
        elif (
            day.weekday() == 0
            and day + timedelta(days=7) <= after
            and (day + timedelta(days=6)).month == day.month
        ):
            keys.append(("w", day))
            day += timedelta(days=7)
        else:
            keys.append(("d", day))
            day += timedelta(days=1)
    return keys


def period_keys(period: Period) -> list[Key]:
    return cover(period.first_day, period.last_day + timedelta(days=1))


def bucket_keys(bounds: list[datetime], within: Period | None = None) -> list[list[Key]]:
    """The keys of each bucket [bounds[i], bounds[i+1]) (local midnights), cut to `within`."""
    result = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        if within is not None:
            start, end = max(start, within.start), min(end, within.end)
        result.append(period_keys(Period(start, end)) if start < end else [])
    return result


def _per_bucket(rows, buckets: list[list[Key]]):
    """(bucket index, rest of the row) for figure rows whose (grain, day) are a bucket's."""
    where = {key: i for i, keys in enumerate(buckets) for key in keys}
    for grain, day, *rest in rows:
        index = where.get(key_of_row(grain, day))
        if index is not None:
            yield index, rest


def ticket_counts(scope, buckets: list[list[Key]], measures: tuple[str, ...]):
    """(bucket index, measure, tickets, amount) of the ticket figures in each bucket."""
    f = ReportTicketFigure
    stmt = (
        select(f.grain, f.day, f.measure, func.sum(f.n), func.sum(f.amount))
        .where(
            f.measure.in_(measures),
            in_keys(f, [k for keys in buckets for k in keys]),
            scope.figures(f.service_id, f.queue_id),
        )
        .group_by(f.grain, f.day, f.measure)
    )
    for index, (measure, n, amount) in _per_bucket(db.session.execute(stmt), buckets):
        yield index, measure, int(n or 0), int(amount or 0)


def open_counts(scope, buckets: list[list[Key]], measures: tuple[str, ...]):
    """(bucket index, queue id, tickets) of the open-ticket figures in each bucket."""
    f = ReportTicketFigure
    stmt = (
        select(f.grain, f.day, f.queue_id, func.sum(f.n))
        .where(
            f.measure.in_(measures),
            in_keys(f, [k for keys in buckets for k in keys]),
            scope.figures(f.service_id, f.queue_id),
        )
        .group_by(f.grain, f.day, f.queue_id)
    )
    for index, (queue_id, n) in _per_bucket(db.session.execute(stmt), buckets):
        yield index, queue_id, int(n or 0)


def decided_counts(scope, buckets: list[list[Key]], kinds: tuple[str, ...]):
    """(bucket index, kind, decided, met, breached) of the timer figures in each bucket."""
    f = ReportTimerFigure
    stmt = (
        select(f.grain, f.day, f.kind, func.sum(f.decided), func.sum(f.met), func.sum(f.breached))
        .where(
            f.kind.in_(kinds),
            in_keys(f, [k for keys in buckets for k in keys]),
            scope.figures(f.service_id, f.queue_id),
        )
        .group_by(f.grain, f.day, f.kind)
    )
    for index, (kind, decided, met, breached) in _per_bucket(db.session.execute(stmt), buckets):
        yield index, kind, int(decided or 0), int(met or 0), int(breached or 0)


def in_keys(model, keys: list[Key]) -> ColumnElement[bool]:
    """Rows of the figure table `model` at the keys (one primary-key range each)."""
    if not keys:
        return false()
    by_grain: dict[str, list[date]] = {}
    for grain, day in keys:
        by_grain.setdefault(grain, []).append(day)
    return or_(*((model.grain == grain) & model.day.in_(days) for grain, days in by_grain.items()))


def key_of_row(grain: str, day) -> Key:
    return grain, day if isinstance(day, date) else date.fromisoformat(str(day))


def no_service(value: int | None) -> int | None:
    """The tables store "none" as 0; the report's keys use None."""
    return value or None


def percentile_from_buckets(histogram: list[tuple[int, int]], tenths: int) -> float | None:
    """The p = tenths/10 percentile (linear interpolation between closest ranks, as
    `times.interpolate`) with the values of a bucket placed evenly from its lower bound: exact to
    the bucket's width (1 minute under an hour, then 5, 20, 80, 320, 1,280 minutes). `histogram`:
    (bucket lower bound, count) sorted by bound."""
    n = sum(count for _, count in histogram)
    if n == 0:
        return None
    scaled = tenths * (n - 1)
    low, high, frac = scaled // 10, (scaled + 9) // 10, (scaled % 10) / 10
    a, b = _value_at(histogram, low), _value_at(histogram, high)
    return a + frac * (b - a)


def _value_at(histogram: list[tuple[int, int]], rank: int) -> float:
    before = 0
    for lower, count in histogram:
        if rank < before + count:
            _, width = bucket_of(lower)
            return lower + width * (rank - before) / count
        before += count
    raise IndexError(rank)


def rebuild() -> None:
    """Recompute every figure from the raw rows, in the caller's unit of work."""
    for statement in rebuild_sql(db.session.get_bind().dialect.name):
        db.session.execute(text(statement))


COUNTS = {
    "report_timer_figure": ("decided", "met", "breached", "warned"),
    "report_time_bucket": ("n",),
    "report_ticket_figure": ("n", "amount"),
}


def snapshot() -> dict[str, set[tuple]]:
    """Every figure row that counts something, per table (to compare with a rebuild)."""
    result = {}
    for table, counts in COUNTS.items():
        rows = db.session.execute(text(f"SELECT * FROM {table}")).mappings()  # noqa: S608
        result[table] = {
            tuple(sorted((k, str(v)) for k, v in row.items()))
            for row in rows
            if any(row[c] for c in counts)
        }
    return result
