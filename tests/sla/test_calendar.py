"""Business-time arithmetic: table-driven deadlines and hypothesis properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicedesk.domain.sla.calendar import (
    CalendarSpec,
    add_business_minutes,
    add_business_time,
    bank_half_days,
    business_minutes_between,
    business_time_between,
    is_closed,
    office_hours,
)

STHLM = ZoneInfo("Europe/Stockholm")
OFFICE = office_hours()
HALF_DAYS = office_hours(
    short_days=tuple((d, time(14)) for y in (2026, 2027) for d in bank_half_days(y))
)
SQUEEZE_CLOSED = office_hours(closed=frozenset({date(2026, 5, 15)}))
ALWAYS = CalendarSpec(always_open=True)
SEVEN_DAYS = CalendarSpec(weekly=(((time(8), time(17)),),) * 7, swedish_holidays=False)
NIGHTS = CalendarSpec(weekly=(((time(1), time(4)),),) * 7, swedish_holidays=False)
H = 60
DAY = 9 * H


def local(y, mo, d, h=0, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=STHLM).astimezone(UTC)


DEADLINES = [
    # (name, calendar, start (local), minutes, deadline (local))
    ("friday afternoon over weekend", OFFICE, (2026, 11, 27, 16), 2 * H, (2026, 11, 30, 9)),
    ("start on saturday", OFFICE, (2026, 11, 28, 12), H, (2026, 11, 30, 9)),
    ("start before opening", OFFICE, (2026, 11, 30, 6), H, (2026, 11, 30, 9)),
    ("ends exactly at closing", OFFICE, (2026, 11, 26, 16, 30), 30, (2026, 11, 26, 17)),
    ("easter 2026", OFFICE, (2026, 4, 2, 16), 2 * H, (2026, 4, 7, 9)),
    ("easter 2026 half day", HALF_DAYS, (2026, 4, 2, 16), 2 * H, (2026, 4, 7, 10)),
    ("easter 2027", OFFICE, (2027, 3, 25, 16), 2 * H, (2027, 3, 30, 9)),
    ("ascension, squeeze open", OFFICE, (2026, 5, 13, 16), 2 * H, (2026, 5, 15, 9)),
    ("ascension, squeeze closed", SQUEEZE_CLOSED, (2026, 5, 13, 16), 2 * H, (2026, 5, 18, 9)),
    ("midsommarafton first response", OFFICE, (2026, 6, 18, 16, 30), 30, (2026, 6, 18, 17)),
    ("midsommarafton resolution", OFFICE, (2026, 6, 18, 16, 30), 4 * H, (2026, 6, 22, 11, 30)),
    ("eve's eve is a full day", HALF_DAYS, (2026, 6, 18, 16, 30), 30, (2026, 6, 18, 17)),
    ("day before nationaldagen", HALF_DAYS, (2026, 6, 5, 13, 30), H, (2026, 6, 8, 8, 30)),
    ("jul to trettondagen", OFFICE, (2026, 12, 23, 17), 5 * DAY + H, (2027, 1, 7, 9)),
    ("valborg half day", HALF_DAYS, (2026, 4, 30, 13), 2 * H, (2026, 5, 4, 9)),
    ("spring DST weekend", OFFICE, (2026, 3, 27, 16), 2 * H, (2026, 3, 30, 9)),
    ("autumn DST weekend", OFFICE, (2026, 10, 23, 16), 2 * H, (2026, 10, 26, 9)),
    ("spring DST sunday open", SEVEN_DAYS, (2026, 3, 29, 8), DAY, (2026, 3, 29, 17)),
    ("autumn DST sunday open", SEVEN_DAYS, (2026, 10, 25, 8), DAY, (2026, 10, 25, 17)),
    ("24x7 spring night", ALWAYS, (2026, 3, 28, 12), 24 * H, (2026, 3, 29, 13)),
    ("24x7 autumn night", ALWAYS, (2026, 10, 24, 12), 24 * H, (2026, 10, 25, 11)),
    ("longer than a month", OFFICE, (2026, 1, 7, 8), 40 * DAY, (2026, 3, 3, 17)),
    ("zero minutes", OFFICE, (2026, 11, 28, 12), 0, (2026, 11, 28, 12)),
]


@pytest.mark.parametrize(
    ("calendar", "start", "minutes", "deadline"),
    [case[1:] for case in DEADLINES],
    ids=[case[0] for case in DEADLINES],
)
def test_deadline(calendar, start, minutes, deadline):
    due = add_business_minutes(calendar, local(*start), minutes)
    assert due == local(*deadline)
    assert business_minutes_between(calendar, local(*start), due) == minutes


@pytest.mark.parametrize(
    ("calendar", "start", "end", "hours"),
    [
        (ALWAYS, (2026, 3, 28, 12), (2026, 3, 29, 12), 23),
        (ALWAYS, (2026, 10, 24, 12), (2026, 10, 25, 12), 25),
        (SEVEN_DAYS, (2026, 3, 29), (2026, 3, 30), 9),
        (SEVEN_DAYS, (2026, 10, 25), (2026, 10, 26), 9),
        (NIGHTS, (2026, 3, 29), (2026, 3, 30), 2),  # 02:00-03:00 does not exist
        (NIGHTS, (2026, 10, 25), (2026, 10, 26), 4),  # 02:00-03:00 happens twice
        (OFFICE, (2026, 3, 27, 8), (2026, 3, 30, 17), 18),
        (OFFICE, (2026, 1, 1), (2027, 1, 1), 251 * 9),  # 261 weekdays, 10 red
    ],
)
def test_business_time_between(calendar, start, end, hours):
    assert business_minutes_between(calendar, local(*start), local(*end)) == hours * H


def test_swedish_eves_are_closed():
    for day in (date(2026, 6, 19), date(2026, 12, 24), date(2026, 12, 31)):
        assert is_closed(OFFICE, day)
    assert not is_closed(OFFICE, date(2026, 6, 18))


def test_end_before_start_is_zero():
    assert business_minutes_between(OFFICE, local(2026, 6, 2, 12), local(2026, 6, 1, 12)) == 0


instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
calendars = st.sampled_from([OFFICE, HALF_DAYS, ALWAYS, SEVEN_DAYS, NIGHTS])
targets = st.integers(min_value=0, max_value=60 * DAY)


@settings(max_examples=300, deadline=None)
@given(calendars, instants, targets)
def test_business_time_to_deadline_equals_target(calendar, start, minutes):
    due = add_business_minutes(calendar, start, minutes)
    assert business_time_between(calendar, start, due) == timedelta(minutes=minutes)


@settings(max_examples=300, deadline=None)
@given(calendars, instants, targets, targets)
def test_deadlines_monotonic_in_target(calendar, start, a, b):
    a, b = sorted((a, b))
    assert add_business_minutes(calendar, start, a) <= add_business_minutes(calendar, start, b)


@settings(max_examples=300, deadline=None)
@given(
    calendars,
    instants,
    st.integers(min_value=1, max_value=20 * DAY),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)),
)
def test_pause_moves_deadline_by_paused_business_time(calendar, start, minutes, before, length):
    target = timedelta(minutes=minutes)
    pause, resume = start + before, start + before + length
    used = business_time_between(calendar, start, pause)
    if used >= target:
        return  # the timer ran out before the pause
    unpaused = add_business_time(calendar, start, target)
    paused = add_business_time(calendar, resume, target - used)
    assert business_time_between(calendar, unpaused, paused) == business_time_between(
        calendar, pause, resume
    )


def test_a_span_of_centuries_is_measured_quickly():
    """Finding 7 of issue 13: a stored year-202 start must not walk the calendar 18 centuries:
    open time is measured over at most the last 50 years (MAX_SPAN)."""
    import time as clock

    from servicedesk.domain.sla.calendar import MAX_SPAN

    spec = office_hours()
    end = datetime(2026, 6, 1, tzinfo=UTC)
    started = clock.perf_counter()
    for _ in range(5):
        since_202 = business_time_between(spec, datetime(202, 6, 1, tzinfo=UTC), end)
    assert clock.perf_counter() - started < 1.5
    assert since_202 == business_time_between(spec, end - MAX_SPAN, end) > timedelta(days=4000)
