"""The per-process calendar cache: reused while the calendar is unchanged, never stale."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from servicedesk.domain.sla import resolve
from servicedesk.domain.sla.admin import save_calendar
from servicedesk.domain.sla.calendar import business_minutes_between
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, CalendarHours
from tests.perf.conftest import _recording as recording

from .conftest import local

WEEKLY = {f: "08:00-17:00" for f in ("mon", "tue", "wed", "thu", "fri")}


def _fresh(calendar_id: int) -> Calendar:
    """The calendar as another request (or worker) reads it."""
    db.session.expire_all()
    return db.session.get(Calendar, calendar_id)


def test_spec_is_reused_across_requests_until_the_calendar_changes(app, sla):
    first = resolve.spec_for(_fresh(sla.office.id))
    calendar = _fresh(sla.office.id)
    with recording() as seen:
        again = resolve.spec_for(calendar)
    assert again is first
    assert seen.touching("FROM calendar_hours") == []  # a hit reads no child rows


def test_an_admin_edit_is_seen_by_the_next_computation(app, org, sla):
    start, end = local(2026, 12, 7, 8), local(2026, 12, 7, 12)
    before = resolve.spec_for(_fresh(sla.office.id))
    assert before.weekly[0] == ((time(8), time(17)),)
    save_calendar(
        _fresh(sla.office.id),
        actor=org.admin,
        name=sla.office.name,
        timezone="Europe/Stockholm",
        always_open=False,
        swedish_holidays=True,
        is_default=True,
        weekly={**WEEKLY, "mon": "10:00-17:00"},
        closed_dates="",
        short_days="",
        now=start,
    )
    db.session.commit()
    after = resolve.spec_for(_fresh(sla.office.id))
    assert after.weekly[0] == ((time(10), time(17)),)
    assert business_minutes_between(after, start, end) == 120


def test_editing_one_row_directly_gives_a_new_revision(app, sla):
    resolve.spec_for(_fresh(sla.office.id))
    old = _fresh(sla.office.id).revision
    row = db.session.scalar(
        select(CalendarHours).where(
            CalendarHours.calendar_id == sla.office.id, CalendarHours.weekday == 0
        )
    )
    row.closes = time(12)
    db.session.commit()
    calendar = _fresh(sla.office.id)
    assert calendar.revision != old
    assert resolve.spec_for(calendar).weekly[0] == ((time(8), time(12)),)


def test_unflushed_edits_are_not_cached(app, sla):
    calendar = _fresh(sla.office.id)
    calendar.always_open = True
    with db.session.no_autoflush:
        assert resolve.spec_for(calendar).always_open
    db.session.rollback()
    assert not resolve.spec_for(_fresh(sla.office.id)).always_open
