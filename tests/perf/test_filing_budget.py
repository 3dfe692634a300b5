"""Filing a case: its timers and their start events go in one INSERT each, deadlines set."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.demo.sla import default_policy, office_calendar
from servicedesk.domain.identity.api_tokens import create_token
from servicedesk.domain.sla import clock
from servicedesk.domain.sla.timers import timers_of
from servicedesk.infra.extensions import db
from servicedesk.models import SlaEvent, Ticket


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


# Statements per filing once a worker is warm (settings cached): the signed-in user (and
# roles) or the token, the settings token, the target queue, then one INSERT each for the
# ticket, its history, the acknowledgement, the timers and their start events, and what
# the response reads (the portal's redirect reads the committed ticket; the API's body
# reads its timers before the commit). 18 and 24 before the settings cache.
# Plus the search index, written in the same transaction (domain/search/index.py): the
# ticket's existing document, its text and comments, the document's INSERT, and on SQLite
# the FTS5 row's DELETE and INSERT (6; 4 on PostgreSQL).
SEARCH_INDEX = 6
PORTAL_BUDGET = 9 + SEARCH_INDEX
API_BUDGET = 11 + SEARCH_INDEX


def _warm_settings(org):
    office_calendar(short_days=False)
    default_policy()
    db.session.commit()


def _form(token: str, i: int) -> dict:
    return {
        "csrf_token": token,
        "ticket_type": "incident",
        "service": "0",
        "title": f"Skrivaren på plan {i} fungerar inte",
        "description": "Den skriver inte ut.",
        "impact": "2",
        "urgency": "3",
    }


def test_portal_filing_sends_a_bounded_number_of_statements(app, org, client, auth, statements):
    _warm_settings(org)
    auth.login(org.employee)
    token = auth.token()
    assert client.post("/portal/new", data=_form(token, 0)).status_code == 302  # warm-up
    db.session.remove()  # as in a new request: a new session, nothing in it
    with statements() as seen:
        response = client.post("/portal/new", data=_form(token, 1))
    assert response.status_code == 302
    assert len(seen) <= PORTAL_BUDGET, "\n".join(s.split("\n")[0] for s in seen)
    inserts = [s for s in seen if s.lstrip().upper().startswith("INSERT")]
    own = [s for s in inserts if "search_document" not in s and "search_fts" not in s]
    assert len(own) == 5  # ticket, history, outbox, timers, events: one each
    assert len(inserts) - len(own) <= 2  # the search document (and its FTS5 row)
    assert not [s for s in seen if s.lstrip().upper().startswith("UPDATE")]
    ticket = db.session.scalars(select(Ticket).order_by(Ticket.id.desc())).first()
    assert ticket.title == "Skrivaren på plan 1 fungerar inte" and ticket.due_at is not None
    assert len(timers_of(ticket)) == 3


def test_api_filing_sends_a_bounded_number_of_statements(app, org, now, statements):
    _warm_settings(org)
    _token, secret = create_token(org.agent, name="budget", now=now)
    db.session.commit()
    api = app.test_client(use_cookies=False)
    headers = {"Authorization": f"Bearer {secret}"}
    body = {"title": "Larm", "description": "Disken är full.", "impact": 2}
    assert api.post("/api/v1/tickets", json=body, headers=headers).status_code == 201
    db.session.remove()  # as in a new request: a new session, nothing in it
    with statements() as seen:
        response = api.post("/api/v1/tickets", json=body, headers=headers)
    assert response.status_code == 201
    assert len(seen) <= API_BUDGET, "\n".join(s.split("\n")[0] for s in seen)
    data = response.get_json()
    assert data["title"] == "Larm" and data["version"] == 1
    assert sorted(t["kind"] for t in data["sla"]) == ["first_response", "ola", "resolution"]
    assert response.headers["Location"].endswith(f"/api/v1/tickets/{data['reference']}")
