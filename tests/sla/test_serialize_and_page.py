"""API serialisers and the SLA panel on the agent's ticket page."""

from __future__ import annotations

from datetime import timedelta

from servicedesk.demo.sla import load_demo_sla
from servicedesk.domain.sla.serialize import calendar_json, timer_json
from servicedesk.domain.tickets import lifecycle as t
from servicedesk.infra.extensions import db
from tests.sla.conftest import local

THU = local(2026, 11, 26, 9)


def test_timer_json_running_paused_and_ola(sla, org, file_ticket):
    ticket = file_ticket(impact=1, urgency=1, now=THU)
    timers = sla.timers(ticket)
    data = timer_json(timers["resolution"], now=THU + timedelta(hours=1))
    assert data == {
        "kind": "resolution",
        "target": 240,
        "calendar": {"id": sla.office.id, "name": "Kontorstid"},
        "state": "running",
        "elapsed": 60.0,
        "due_at": "2026-11-26T12:00:00+00:00",
        "warned_at": None,
        "breached_at": None,
        "met_at": None,
        "queue": None,
    }
    ola = timer_json(timers[f"ola:{org.central.id}"], now=THU)
    assert ola["queue"] == {"id": org.central.id, "name": "Servicedesk"}
    t.change_status(
        ticket, org.agent, "pending", pending_reason="requester", now=THU + timedelta(hours=1)
    )
    paused = timer_json(timers["resolution"], now=THU + timedelta(hours=5))
    assert (paused["state"], paused["due_at"], paused["elapsed"]) == ("paused", None, 60.0)


def test_calendar_json_lists_holidays_and_short_days(app):
    load_demo_sla(years=(2026,))
    from sqlalchemy import select

    from servicedesk.models import Calendar

    office = db.session.scalar(select(Calendar).where(Calendar.name == "Kontorstid"))
    data = calendar_json(office, 2026)
    assert data["timezone"] == "Europe/Stockholm"
    assert data["weekly_hours"]["monday"] == [{"opens": "08:00", "closes": "17:00"}]
    assert data["weekly_hours"]["sunday"] == []
    closed = {d["date"] for d in data["closed_dates"]}
    assert {"2026-06-19", "2026-12-24", "2026-12-31"} <= closed
    assert {"date": "2026-06-05", "closes": "14:00"} in data["short_days"]
    # municipal practice: the day before midsommarafton is an ordinary day
    assert all(d["date"] != "2026-06-18" for d in data["short_days"])


def test_ticket_page_shows_timers_in_text_and_timeline(sla, org, file_ticket, auth, client):
    ticket = file_ticket(impact=2, urgency=2, now=THU)
    t.change_status(
        ticket, org.agent, "pending", pending_reason="requester", now=THU + timedelta(hours=1)
    )
    db.session.commit()
    auth.login(org.agent)
    page = client.get(f"/desk/tickets/{ticket.id}")
    assert page.status_code == 200
    html = page.text
    assert "Servicenivå" in html and "Svarstid" in html and "Pausad" in html
    assert "Väntar på anmälare" in html  # the pause reason on the timeline
    assert "overdue" in html or "försenad" in html or "kvar" in html


def test_ticket_page_loads_timers_in_two_queries(sla, org, file_ticket):
    from sqlalchemy import event

    from servicedesk.domain.sla.timeline import ticket_timers

    ticket = file_ticket(impact=1, urgency=1, now=THU)
    db.session.expire_all()
    statements = []
    listener = lambda *a, **k: statements.append(a[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        rows = ticket_timers(db.session.get(type(ticket), ticket.id), now=THU)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(rows) == 3 and all(row.events for row in rows)
    timer_queries = [s for s in statements if "sla_timer" in s or "sla_event" in s]
    assert len(timer_queries) == 2
