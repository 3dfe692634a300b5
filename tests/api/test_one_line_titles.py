"""Finding 3 of issue 13: a title is one line on every channel, so the acknowledgement's
subject holds the whole title and nothing of it spills into the mail body."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage, Ticket

RAW = "Skrivaren\r\nstrular\n\nBcc: x@evil.example"
FOLDED = "Skrivaren strular Bcc: x@evil.example"


def test_api_create_folds_the_title_and_the_acknowledgement_keeps_it_whole(api_as, org):
    response = api_as(org.employee).post("/tickets", json={"title": RAW, "description": "x"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["title"] == FOLDED
    assert db.session.scalar(select(Ticket.title)) == FOLDED
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert mails, "the requester gets an acknowledgement"
    for mail in mails:
        assert FOLDED in mail.subject
        assert "Bcc" not in mail.body_text.split("\n", 3)[0]


def test_api_patch_folds_the_title(api_as, org, ticket):
    response = api_as(org.agent).patch(f"/tickets/{ticket.reference}", json={"title": RAW})
    assert response.status_code == 200, response.get_json()
    db.session.refresh(ticket)
    assert ticket.title == FOLDED


def test_a_title_of_only_line_breaks_is_a_field_error(api_as, org):
    response = api_as(org.employee).post("/tickets", json={"title": "\r\n\t", "description": "x"})
    assert response.status_code == 422
    assert "title" in response.get_json()["error"]["fields"]
    assert db.session.scalar(select(Ticket.id)) is None


def test_history_import_folds_the_title(api_as, org):
    payload = {"title": RAW, "description": "x", "created_at": "2025-03-04T09:00:00+01:00"}
    response = api_as(org.admin).post("/tickets", json=payload)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["title"] == FOLDED


def test_portal_form_folds_the_title(client, auth, org):
    auth.login(org.employee)
    token = auth.token("/portal/new")
    response = client.post(
        "/portal/new",
        data={
            "csrf_token": token,
            "ticket_type": "incident",
            "service": str(org.school.id),
            "title": RAW,
            "description": "Hjälp",
            "impact": "3",
            "urgency": "3",
        },
    )
    assert response.status_code in (302, 303), response.text[:2000]
    assert db.session.scalar(select(Ticket.title)) == FOLDED
