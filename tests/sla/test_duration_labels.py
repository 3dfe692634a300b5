"""SLA durations in the business's words: working days of the timer's calendar, hours,
minutes, in Swedish and English."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicedesk.domain.sla.calendar import CalendarSpec, office_hours
from servicedesk.domain.sla.labels import (
    duration,
    duration_parts,
    time_left,
    working_day_minutes,
)


@given(
    minutes=st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
    day=st.integers(min_value=1, max_value=1440),
)
def test_the_parts_add_back_up_to_the_whole_minutes(minutes, day):
    parts = duration_parts(minutes, day)
    assert parts.days * day + parts.hours * 60 + parts.minutes == int(abs(minutes))
    assert 0 <= parts.minutes < 60
    assert 0 <= parts.hours * 60 + parts.minutes < day


def test_a_working_day_is_the_calendars_open_time_per_open_weekday():
    assert working_day_minutes(office_hours()) == 9 * 60
    assert working_day_minutes(office_hours(time(7, 30), time(16))) == 8 * 60 + 30
    assert working_day_minutes(CalendarSpec(always_open=True)) == 24 * 60
    assert working_day_minutes(CalendarSpec()) == 24 * 60  # no hours at all: calendar days


@pytest.mark.parametrize(
    ("minutes", "sv", "en"),
    [
        (45, "45 min", "45 min"),
        (60, "1 tim", "1 h"),
        (125, "2 tim 5 min", "2 h 5 min"),
        (540, "1 arbetsdag", "1 working day"),
        (2 * 540 + 180, "2 arbetsdagar 3 tim", "2 working days 3 h"),
        (4 * 540 + 20, "4 arbetsdagar", "4 working days"),  # minutes drop beside days
        (750 * 60 + 46, "83 arbetsdagar 3 tim", "83 working days 3 h"),
    ],
)
def test_duration_reads_in_working_days(in_locale, minutes, sv, en):
    assert in_locale("sv", duration, minutes, 540) == sv
    assert in_locale("en", duration, minutes, 540) == en


def test_a_24x7_timer_counts_whole_days(in_locale):
    assert in_locale("sv", duration, 2 * 1440 + 60, 1440) == "2 dygn 1 tim"
    assert in_locale("en", duration, 1440, 1440) == "1 day"


def test_the_old_call_keeps_working_with_the_default_day(in_locale):
    assert in_locale("sv", duration, 1080) == "2 arbetsdagar"


def test_time_left_and_overdue(in_locale):
    assert in_locale("sv", time_left, 45, 540) == "45 min kvar"
    assert in_locale("sv", time_left, -4 * 540, 540) == "försenat 4 arbetsdagar"
    assert in_locale("en", time_left, -4 * 540, 540) == "overdue by 4 working days"
    assert in_locale("en", time_left, 0, 540) == "0 min left"
