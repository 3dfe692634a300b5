"""SLA targets typed as hours or working days: minutes and back, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicedesk.domain.sla.targets import (
    HOURS,
    MAX_TARGET_MINUTES,
    MINUTES,
    WORKING_DAYS,
    from_minutes,
    parse_amount,
    to_minutes,
)

DAYS = st.sampled_from([7 * 60, 8 * 60, 450, 510, 24 * 60])


@given(minutes=st.integers(1, MAX_TARGET_MINUTES), day=DAYS)
def test_any_stored_target_shows_as_an_amount_that_saves_the_same_minutes(minutes, day):
    amount, unit = from_minutes(minutes, day)
    assert to_minutes(amount, unit, day) == minutes
    # and the amount as a form shows it ("2,5") parses back to the same amount
    assert parse_amount(str(amount).replace(".", ",")) == amount


@given(hundredths=st.integers(1, 100 * 24 * 366), day=DAYS)
def test_hours_typed_with_up_to_two_decimals_round_trip(hundredths, day):
    hours = Decimal(hundredths) / 100
    if hours * 60 != (hours * 60).to_integral_value():
        with pytest.raises(ValueError):
            to_minutes(hours, HOURS, day)
        return
    minutes = to_minutes(hours, HOURS, day)
    amount, unit = from_minutes(minutes, day)
    assert to_minutes(amount, unit, day) == minutes
    if unit == HOURS:
        assert amount == hours
    else:  # a whole number of working days says it in fewer words
        assert unit == WORKING_DAYS and amount * day == hours * 60


@given(days=st.integers(1, 300), day=DAYS)
def test_working_days_round_trip(days, day):
    minutes = to_minutes(Decimal(days), WORKING_DAYS, day)
    assert minutes == days * day
    assert from_minutes(minutes, day) == (Decimal(days), WORKING_DAYS)


def test_examples():
    assert from_minutes(2700, 480) == (Decimal(45), HOURS)  # the old "2700"
    assert from_minutes(960, 480) == (Decimal(2), WORKING_DAYS)
    assert from_minutes(90, 480) == (Decimal("1.5"), HOURS)
    assert from_minutes(20, 480) == (Decimal(20), MINUTES)  # 0.333… h is not exact
    assert parse_amount(" 2,5 ") == Decimal("2.5") and parse_amount("") is None
    for bad in ("fyra", "NaN", "Infinity", "1e"):
        with pytest.raises(ValueError):
            parse_amount(bad)
    for amount in (Decimal(0), Decimal(-1), Decimal("0.001")):
        with pytest.raises(ValueError):
            to_minutes(amount, HOURS, 480)
