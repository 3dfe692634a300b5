"""The timeline (year chunks, bisection) against the day-by-day calendar walk it replaced.

`walk_between` and `walk_add` below are the previous implementation, kept verbatim as the
reference: every result must be the same to the microsecond, over 2020-2035, with DST
changes, Swedish holidays, extra closed days, short days, split days and odd hours.
"""

from __future__ import annotations

import time as clock
from bisect import bisect_left
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicedesk.domain.sla.calendar import (
    DAY,
    ZERO,
    CalendarSpec,
    add_business_time,
    bank_half_days,
    business_time_between,
    day_intervals,
    office_hours,
    swedish_holidays,
)

# --- the reference: the week-by-week walk -------------------------------------------------


def _exceptions(spec: CalendarSpec, year: int) -> tuple[date, ...]:
    days = {d for d in spec.closed if d.year == year}
    days.update(d for d, _ in spec.short_days if d.year == year)
    if spec.swedish_holidays:
        days.update(swedish_holidays(year))
    return tuple(sorted(days))


def _local_day(spec, instant):
    return instant.astimezone(spec.zone).date()


def _clean_week(spec: CalendarSpec, day: date) -> bool:
    end = day + timedelta(days=7)
    for year in {day.year, end.year}:
        found = _exceptions(spec, year)
        i = bisect_left(found, day)
        if i < len(found) and found[i] < end:
            return False
    zone = spec.zone
    start_offset = datetime.combine(day, time(0), tzinfo=zone).utcoffset()
    return start_offset == datetime.combine(end, time(0), tzinfo=zone).utcoffset()


def _overlap(intervals, lo, hi):
    total = ZERO
    for opens, closes in intervals:
        a, b = max(opens, lo), min(closes, hi)
        if a < b:
            total += b - a
    return total


def walk_between(spec: CalendarSpec, start: datetime, end: datetime) -> timedelta:
    if end <= start:
        return ZERO
    if spec.always_open:
        return end - start
    day, last = _local_day(spec, start), _local_day(spec, end)
    total = _overlap(day_intervals(spec, day), start, end)
    day += DAY
    week = spec.week_length
    while day < last:
        if day + timedelta(days=7) <= last and _clean_week(spec, day):
            total += week
            day += timedelta(days=7)
            continue
        total += _overlap(day_intervals(spec, day), start, end)
        day += DAY
    if last > _local_day(spec, start):
        total += _overlap(day_intervals(spec, last), start, end)
    return total


def _consume_day(spec, day, start, remaining):
    for opens, closes in day_intervals(spec, day):
        if start is not None:
            if closes <= start:
                continue
            opens = max(opens, start)
        length = closes - opens
        if remaining <= length:
            return opens + remaining, ZERO
        remaining -= length
    return None, remaining


def walk_add(spec: CalendarSpec, start: datetime, amount: timedelta) -> datetime:
    if amount <= ZERO:
        return start
    if spec.always_open:
        return start + amount
    day = _local_day(spec, start)
    found, remaining = _consume_day(spec, day, start, amount)
    if found:
        return found
    day += DAY
    week = spec.week_length
    if week <= ZERO and not spec.short_days:
        raise ValueError("calendar has no opening hours")
    for _ in range(366 * 50):
        if week and remaining > week and _clean_week(spec, day):
            remaining -= week
            day += timedelta(days=7)
            continue
        found, remaining = _consume_day(spec, day, None, remaining)
        if found:
            return found
        day += DAY
    raise ValueError("deadline beyond 50 years")


# --- calendars ------------------------------------------------------------------------------

YEARS = range(2020, 2036)
HALF_DAYS = tuple((d, time(14)) for y in YEARS for d in bank_half_days(y))
FIXED = [
    office_hours(),
    office_hours(short_days=HALF_DAYS),
    office_hours(closed=frozenset({date(2026, 5, 15), date(2031, 12, 27)})),
    office_hours(time(7, 30), time(16, 15), tz="Europe/Helsinki"),
    CalendarSpec(weekly=(((time(8), time(12)), (time(13), time(17))),) * 5 + ((), ())),
    CalendarSpec(weekly=(((time(8), time(17)),),) * 7, swedish_holidays=False),
    CalendarSpec(weekly=(((time(1), time(4)),),) * 7, swedish_holidays=False),  # nights
    # Opening hours inside the spring DST gap (02:00-03:00 does not exist in Stockholm).
    CalendarSpec(weekly=(((time(2, 30), time(3, 0)), (time(3, 30), time(9))),) * 7),
    CalendarSpec(weekly=((), (), (), (), (), (), ((time(10), time(14)),))),  # Sundays only
    CalendarSpec(always_open=True),
]

clock_times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45, 59]))
# Built once, not at every draw inside the composites (building and validating them again
# each time cost more than the calendars under test); the values drawn are the same.
_POINTS = st.lists(clock_times, max_size=4)
_DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
_ZONES = st.sampled_from(["Europe/Stockholm", "Europe/London", "America/New_York"])
_CLOSED = st.lists(_DAYS, max_size=6)
_SHORT = st.lists(st.tuples(_DAYS, clock_times), max_size=6)
_FIXED = st.sampled_from(FIXED)
_BOOLS = st.booleans()


@st.composite
def intervals(draw):
    """0-2 sorted, non-overlapping intervals of one weekday (as the admin page allows)."""
    points = sorted(set(draw(_POINTS)))
    if len(points) % 2:
        points = points[:-1]
    return tuple(zip(points[::2], points[1::2], strict=True))


_WEEKDAY = intervals()


@st.composite
def calendars(draw):
    if draw(_BOOLS):
        return draw(_FIXED)
    weekly = tuple(draw(_WEEKDAY) for _ in range(7))
    return CalendarSpec(
        tz=draw(_ZONES),
        weekly=weekly,
        closed=frozenset(draw(_CLOSED)),
        short_days=tuple(sorted(dict(draw(_SHORT)).items())),
        swedish_holidays=draw(_BOOLS),
    )


instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
# Near a DST change: the last Sundays of March and October, around 01:00 UTC.
dst_instants = st.builds(
    lambda y, m, minutes: (
        (datetime(y, m, 31, 1, tzinfo=UTC) - timedelta(days=(date(y, m, 31).weekday() + 1) % 7))
        + timedelta(minutes=minutes)
    ),
    st.sampled_from(list(YEARS)),
    st.sampled_from([3, 10]),
    st.integers(-26 * 60, 26 * 60),
)
any_instant = st.one_of(instants, dst_instants)
amounts = st.one_of(
    st.integers(0, 10 * 540).map(lambda m: timedelta(minutes=m)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=800)),
)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(calendars(), any_instant, any_instant)
def test_between_equals_the_walk(spec, a, b):
    assert business_time_between(spec, a, b) == walk_between(spec, a, b)
    assert business_time_between(spec, b, a) == walk_between(spec, b, a)


def _outcome(function, *args):
    try:
        return function(*args)
    except ValueError:
        return "no deadline"


@SETTINGS
@given(calendars(), any_instant, amounts)
def test_deadline_equals_the_walk(spec, start, amount):
    if not any(spec.weekly) and not spec.always_open:
        amount = min(amount, timedelta(minutes=5))  # the walk would search 50 years
    expected = _outcome(walk_add, spec, start, amount)
    if expected != "no deadline" and expected.year > start.year + 50:
        expected = "no deadline"  # both search 50 years; the walk counted weeks as steps
    assert _outcome(add_business_time, spec, start, amount) == expected


@pytest.mark.parametrize("spec", FIXED, ids=range(len(FIXED)))
def test_every_day_of_the_range_at_its_edges(spec):
    """Each opening and closing instant of 2025-2027 and a minute either side, both ways."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    day = date(2025, 1, 1)
    # The walk from `start` to each edge, carried forward: the walk to the previous edge
    # plus the walk between the two (the walk adds day by day, so this is the same sum it
    # would reach from `start`, without walking the years again for every edge).
    walked, previous = ZERO, start
    while day < date(2028, 1, 1):
        for opens, closes in day_intervals(spec, day):
            for at in (opens, closes):
                for edge in (at - timedelta(minutes=1), at, at + timedelta(minutes=1)):
                    if edge >= previous:
                        walked, previous = walked + walk_between(spec, previous, edge), edge
                        expected = walked
                    else:  # an edge before the last one (intervals two minutes apart)
                        expected = walk_between(spec, start, edge)
                    assert business_time_between(spec, start, edge) == expected
                    for amount in (timedelta(minutes=1), timedelta(hours=9)):
                        assert add_business_time(spec, edge, amount) == walk_add(spec, edge, amount)
        day += timedelta(days=3)
    # The carried sum is the walk over the whole span, walked once.
    assert walked == walk_between(spec, start, previous)


def test_a_mistyped_year_costs_no_more_than_a_normal_span():
    """A ticket 'created' in 0202 counts at most 50 years, and quickly."""
    spec = office_hours()
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    started = clock.process_time()
    elapsed = business_time_between(spec, datetime(202, 3, 4, tzinfo=UTC), now)
    assert clock.process_time() - started < 1.0
    fifty = business_time_between(spec, now - timedelta(days=50 * 366), now)
    assert elapsed == fifty
    assert timedelta(days=50 * 80) < elapsed < timedelta(days=50 * 120)
    started = clock.process_time()
    for _ in range(1000):
        business_time_between(spec, datetime(202, 3, 4, tzinfo=UTC), now)
    assert clock.process_time() - started < 1.0  # the years are built once


def test_a_deadline_is_a_few_lookups_not_a_walk():
    spec = office_hours(short_days=HALF_DAYS)
    start = datetime(2025, 3, 3, 9, tzinfo=UTC)
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    business_time_between(spec, start, now)  # build the years once
    started = clock.process_time()
    for _ in range(2000):
        business_time_between(spec, start, now)
        add_business_time(spec, start, timedelta(minutes=240))
    per_call = (clock.process_time() - started) / 4000
    assert per_call < 50e-6  # the walk took about 2 ms for this span
