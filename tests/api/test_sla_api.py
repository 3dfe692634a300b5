"""The API's view of SLA timers and calendars comes from the SLA engine itself."""

from __future__ import annotations

from datetime import UTC, datetime

from servicedesk.demo.sla import default_policy, office_calendar
from servicedesk.domain.sla.serialize import timer_json
from servicedesk.infra.extensions import db
from servicedesk.models import SlaTimer


def test_ticket_timers_are_the_engines_view(api_as, org, file_ticket, conforms):
    office_calendar(short_days=False)
    default_policy()
    db.session.commit()
    # Thursday 2026-11-26 10:00 UTC = 11:00 in Stockholm; a P1 incident.
    filed = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    ticket = file_ticket(impact=1, urgency=1, now=filed)
    body = conforms(api_as(org.admin).get(f"/tickets/{ticket.reference}"), "Ticket")
    kinds = {t["kind"]: t for t in body["sla"]}
    assert set(kinds) == {"first_response", "resolution", "ola"}
    assert kinds["first_response"]["target"] == 30
    assert kinds["first_response"]["due_at"] == "2026-11-26T10:30:00+00:00"
    assert kinds["resolution"]["due_at"] == "2026-11-26T14:00:00+00:00"
    assert kinds["ola"]["queue"] == {"id": org.central.id, "name": "Servicedesk"}
    assert kinds["first_response"]["queue"] is None
    timers = db.session.query(SlaTimer).filter_by(ticket_id=ticket.id).all()
    # elapsed is computed as of the request, exactly as the engine computes it
    for timer in timers:
        engine = timer_json(timer, now=filed)
        assert engine["kind"] in kinds and engine["target"] == kinds[engine["kind"]]["target"]


def test_calendar_for_a_year(api_as, org, conforms):
    calendar = office_calendar(short_days=False)
    db.session.commit()
    api = api_as(org.employee)
    body = conforms(api.get(f"/calendars/{calendar.id}?year=2026"), "Calendar")
    assert body["timezone"] == "Europe/Stockholm" and body["year"] == 2026
    assert body["weekly_hours"]["monday"] == [{"opens": "08:00", "closes": "17:00"}]
    assert body["weekly_hours"]["saturday"] == []
    closed = {d["date"] for d in body["closed_dates"]}
    assert {"2026-06-19", "2026-12-24", "2026-12-31", "2026-04-03"} <= closed


def test_calendar_bad_input(api_as, org):
    api = api_as(org.employee)
    missing = api.get("/calendars/999999")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    calendar = office_calendar(short_days=False)
    db.session.commit()
    bad = api.get(f"/calendars/{calendar.id}?year=abc")
    assert bad.status_code == 422
    error = bad.get_json()["error"]
    assert error["code"] == "validation_failed" and list(error["fields"]) == ["year"]
