"""Finding 9 of issue 13: short days follow the rule in every year, not only the seeded
ones, unless an admin set that year by hand (possibly to none)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from servicedesk.demo.sla import load_demo_sla
from servicedesk.domain.sla.admin import save_calendar
from servicedesk.domain.sla.calendar import (
    RULE_CLOSES,
    CalendarSpec,
    bank_half_days,
    business_time_between,
    office_hours,
    short_days_of,
)
from servicedesk.domain.sla.resolve import spec_for
from servicedesk.domain.sla.serialize import calendar_json
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar

# 2029-11-02 is the Friday before Alla helgons dag: a short day by the rule.
FRIDAY = date(2029, 11, 2)


def _open_hours(spec: CalendarSpec, day: date) -> timedelta:
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return business_time_between(spec, start, start + timedelta(days=1))


def test_the_rule_gives_short_days_in_every_year():
    spec = office_hours(short_day_rule=True)
    for year in (1995, 2029, 2040, 2099):
        days = short_days_of(spec, year)
        assert days and set(days) == set(bank_half_days(year)), year
        assert set(days.values()) == {RULE_CLOSES}
    assert FRIDAY in short_days_of(spec, 2029)
    assert _open_hours(spec, FRIDAY) == timedelta(hours=6)  # 08-14, not 08-17
    assert _open_hours(office_hours(), FRIDAY) == timedelta(hours=9)


def test_a_year_set_by_hand_replaces_the_rule_for_that_year_only():
    spec = office_hours(
        short_day_rule=True,
        short_days=((date(2029, 12, 21), time(12)),),
        hand_set_years=frozenset({2029, 2030}),
    )
    assert short_days_of(spec, 2029) == {date(2029, 12, 21): time(12)}
    assert short_days_of(spec, 2030) == {}
    assert set(short_days_of(spec, 2031)) == set(bank_half_days(2031))
    assert _open_hours(spec, FRIDAY) == timedelta(hours=9)


def test_the_demo_default_calendar_has_short_days_after_2028(app):
    load_demo_sla()
    db.session.commit()
    calendar = db.session.scalar(select(Calendar).where(Calendar.is_default.is_(True)))
    assert calendar.short_day_rule
    for year in (2026, 2029, 2035):
        listed = [d["date"] for d in calendar_json(calendar, year)["short_days"]]
        assert listed == [d.isoformat() for d in bank_half_days(year)], year


def test_an_admin_sets_one_year_and_empties_another(app, org, now):
    load_demo_sla()
    calendar = db.session.scalar(select(Calendar).where(Calendar.is_default.is_(True)))
    save_calendar(
        calendar,
        actor=org.admin,
        name=calendar.name,
        timezone="Europe/Stockholm",
        always_open=False,
        swedish_holidays=True,
        is_default=True,
        weekly={"mon": "08:00-17:00", "fri": "08:00-17:00"},
        closed_dates="",
        short_days="2030\n2029-12-21 12:00 Julfest",
        short_day_rule=True,
        now=now,
    )
    db.session.commit()
    db.session.expire_all()
    spec = spec_for(db.session.get(Calendar, calendar.id))
    assert short_days_of(spec, 2029) == {date(2029, 12, 21): time(12)}
    assert short_days_of(spec, 2030) == {}
    assert set(short_days_of(spec, 2031)) == set(bank_half_days(2031))
