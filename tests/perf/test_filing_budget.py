"""Filing a case: its timers and their start events go in one INSERT each, deadlines set."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.demo.sla import default_policy, office_calendar
from servicedesk.domain.sla import clock
from servicedesk.domain.sla.timers import timers_of
from servicedesk.infra.extensions import db
from servicedesk.models import SlaEvent


def test_timers_and_start_events_are_one_insert_each(app, org, file_ticket, statements):
    office_calendar(short_days=False)
    default_policy()
    db.session.commit()
    file_ticket(title="Warm-up")
    db.session.commit()
    with statements() as seen:
        ticket = file_ticket(title="Skrivaren fungerar inte", impact=2, urgency=2)
    inserts = [s for s in seen if s.lstrip().upper().startswith("INSERT")]
    assert len([s for s in inserts if "INTO sla_timer" in s]) == 1
    assert len([s for s in inserts if "INTO sla_event" in s]) == 1
    assert not [s for s in seen if s.lstrip().upper().startswith("UPDATE") and "sla_timer" in s]
    timers = timers_of(ticket)
    assert len(timers) == 3
    for timer in timers:
        due, warn = timer.due_at, timer.warn_at
        clock.refresh(timer)  # what the one-by-one start computed after its insert
        assert (timer.due_at, timer.warn_at) == (due, warn)
        assert timer.next_event_at == min(due, warn)
    events = db.session.scalars(
        select(SlaEvent).where(SlaEvent.timer_id.in_([t.id for t in timers]))
    ).all()
    assert sorted(e.kind for e in events) == ["start"] * 3
    assert {e.data["target"] for e in events} == {t.target_minutes for t in timers}
