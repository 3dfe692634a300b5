"""Closed is terminal (issue 13, finding 15): no edit of any kind, by the domain, the API or
the desk; the answer is 409 invalid_transition and nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from servicedesk.domain.errors import InvalidTransition
from servicedesk.domain.tickets.lifecycle import (
    assign_ticket,
    change_status,
    transfer_ticket,
    update_ticket,
)
from servicedesk.infra.extensions import db
from servicedesk.models import Attachment, TicketHistory
from tests.desk_panel import panel_data
from tests.resolving import resolve


@pytest.fixture
def closed(org, file_ticket, now):
    ticket = file_ticket(service=org.email)
    resolve(ticket, org.agent, now=now)
    change_status(ticket, org.agent, "closed", now=now)
    db.session.commit()
    return ticket


def _history(ticket) -> int:
    stmt = select(func.count()).where(TicketHistory.ticket_id == ticket.id)
    return db.session.scalar(stmt)


@pytest.mark.parametrize(
    "edit",
    [
        lambda t, org, now: update_ticket(t, org.agent, title="Ny rubrik", now=now),
        lambda t, org, now: update_ticket(t, org.agent, impact=1, now=now),
        lambda t, org, now: assign_ticket(t, org.agent, org.agent, now=now),
        lambda t, org, now: transfer_ticket(t, org.agent, org.buf_queue, reason="x", now=now),
        lambda t, org, now: change_status(t, org.agent, "open", now=now),
        lambda t, org, now: change_status(t, org.agent, "closed", now=now),
    ],
)
def test_a_closed_ticket_takes_no_edit(org, closed, now, edit):
    before = _history(closed)
    with pytest.raises(InvalidTransition):
        edit(closed, org, now)
    db.session.rollback()
    assert closed.status == "closed" and closed.title == "Kan inte logga in"
    assert _history(closed) == before


@pytest.mark.parametrize(
    "body",
    [{"title": "Ny rubrik"}, {"impact": 1}, {"service": None}, {"queue": 2, "reason": "x"}],
)
def test_api_patch_of_a_closed_ticket_is_409(api_as, org, closed, body):
    answer = api_as(org.agent).patch(f"/tickets/{closed.reference}", json=body)
    assert answer.status_code == 409
    assert answer.get_json()["error"]["code"] == "invalid_transition"
    db.session.expire_all()
    assert closed.title == "Kan inte logga in" and closed.impact == 3
    assert closed.service_id == org.email.id and closed.queue_id == org.central.id


def test_api_assign_and_upload_on_a_closed_ticket_are_409(api_as, org, closed):
    import io

    api = api_as(org.agent)
    answer = api.patch(f"/tickets/{closed.reference}", json={"assignee": org.agent.id})
    assert answer.status_code == 409
    upload = api.post(
        f"/tickets/{closed.reference}/attachments",
        data={"file": (io.BytesIO(b"hej"), "notis.txt")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 409
    db.session.expire_all()
    assert closed.assignee_id is None
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_desk_classify_of_a_closed_ticket_is_refused(client, auth, org, closed):
    auth.login(org.agent)
    page = f"/desk/tickets/{closed.id}"
    answer = client.post(
        f"{page}/edit", data=panel_data(closed, auth.token(page), impact=1, urgency=1)
    )
    assert answer.status_code == 422
    assert "Ärendet är avslutat" in answer.text
    db.session.expire_all()
    assert closed.impact == 3
