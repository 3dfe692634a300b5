"""The core loop through the test client: file, work, answer, confirm."""

from __future__ import annotations

import re

from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import Comment, Ticket
from tests.conftest import Auth
from tests.desk_panel import panel_data


def test_employee_files_agent_answers_employee_confirms(app, org, client):
    employee = Auth(client)
    employee.login(org.employee)
    token = employee.token("/portal/new")
    response = client.post(
        "/portal/new",
        data={
            "csrf_token": token,
            "ticket_type": "incident",
            "service": str(org.school.id),
            "title": "Närvaron sparas inte",
            "description": "Klass 7B",
            "impact": "2",
            "urgency": "2",
        },
    )
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket))
    assert ticket.title == "Närvaron sparas inte"
    assert ticket.queue_id == org.buf_queue.id
    assert ticket.priority == 3
    page = client.get(response.location)
    assert ticket.reference in page.text
    assert "BUF support" in page.text

    agent_client = app.test_client()
    agent = Auth(agent_client)
    agent.login(org.buf_agent)
    queue_page = agent_client.get(f"/desk/tickets?queue={org.buf_queue.id}")
    assert ticket.reference in queue_page.text
    detail = agent_client.get(f"/desk/tickets/{ticket.id}")
    assert "ägs av Barn- och utbildningsförvaltningen" in detail.text
    token = agent.token(f"/desk/tickets/{ticket.id}")
    agent_client.post(
        f"/desk/tickets/{ticket.id}/reply",
        data={"csrf_token": token, "body": "Hemlig intern tanke", "audience": "internal"},
    )
    agent_client.post(
        f"/desk/tickets/{ticket.id}/reply",
        data={"csrf_token": token, "body": "Prova att logga ut och in.", "audience": "public"},
    )
    version = re.search(
        r'name="version" type="hidden" value="(\d+)"',
        agent_client.get(f"/desk/tickets/{ticket.id}").text,
    ).group(1)
    agent_client.post(
        f"/desk/tickets/{ticket.id}/resolve",
        data={
            "csrf_token": token,
            "solution": "Utloggning och inloggning löste det.",
            "closure_code": "user_instructed",
            "version": version,
        },
    )
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status == "resolved"

    seen = client.get(f"/portal/tickets/{ticket.id}").text
    assert "Prova att logga ut och in." in seen
    assert "Hemlig intern tanke" not in seen
    assert seen.index("Utloggning och inloggning löste det.") < seen.index("Är ditt problem löst?")
    token = employee.token(f"/portal/tickets/{ticket.id}")
    client.post(
        f"/portal/tickets/{ticket.id}/resolution", data={"csrf_token": token, "answer": "yes"}
    )
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status == "closed"
    assert db.session.scalar(select(db.func.count()).select_from(Comment)) == 2


def test_invalid_form_shows_errors_next_to_fields_and_saves_nothing(org, client, auth):
    auth.login(org.employee)
    token = auth.token("/portal/new")
    response = client.post(
        "/portal/new",
        data={
            "csrf_token": token,
            "ticket_type": "incident",
            "service": "0",
            "title": "",
            "description": "",
            "impact": "3",
            "urgency": "3",
        },
    )
    assert response.status_code == 200
    assert 'id="title-err"' in response.text
    assert 'aria-describedby="title-desc title-err"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert db.session.scalar(select(db.func.count()).select_from(Ticket)) == 0


def test_post_without_csrf_token_is_refused_and_changes_nothing(org, client, auth):
    auth.login(org.employee)
    response = client.post(
        "/portal/new",
        data={
            "ticket_type": "incident",
            "service": "0",
            "title": "x",
            "description": "y",
            "impact": "3",
            "urgency": "3",
        },
    )
    assert response.status_code == 400
    assert db.session.scalar(select(db.func.count()).select_from(Ticket)) == 0


def test_stale_save_is_refused_with_message(org, client, auth, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    token = auth.token(f"/desk/tickets/{ticket.id}")
    stale = panel_data(ticket, token, impact=1, urgency=1, tags="vip")
    client.post(
        f"/desk/tickets/{ticket.id}/claim", data={"csrf_token": token, "version": stale["version"]}
    )
    response = client.post(f"/desk/tickets/{ticket.id}/edit", data=stale)
    assert response.status_code == 409
    assert "Någon annan ändrade ärendet" in response.text
    assert 'id="error-summary"' in response.text
    # The agent's choices are kept in the panel, with the version now current.
    assert '<option selected value="1">' in response.text.split('id="impact"')[1][:400]
    assert 'value="vip"' in response.text
    # A field the agent left alone shows the colleague's change (the claim), not the stale one.
    assignee = response.text.split('id="assignee"')[1].split("</select>")[0]
    assert f'<option selected value="{org.agent.id}">' in assignee
    db.session.expire_all()
    saved = db.session.get(Ticket, ticket.id)
    assert (saved.priority, saved.assignee_id) == (4, org.agent.id)
    assert f'name="version" type="hidden" value="{saved.version}"' in response.text


def test_other_peoples_ticket_is_404(org, client, auth, file_ticket):
    ticket = file_ticket(requester=org.other_employee, service=org.email)
    auth.login(org.employee)
    assert client.get(f"/portal/tickets/{ticket.id}").status_code == 404
    assert client.get(f"/desk/tickets/{ticket.id}").status_code == 404
    assert client.get("/portal/tickets/999999").status_code == 404


def test_employee_cannot_open_the_desk(org, client, auth):
    auth.login(org.employee)
    assert client.get("/desk/").status_code == 403


def test_phone_call_is_filed_for_the_caller(org, client, auth):
    auth.login(org.agent)
    token = auth.token("/desk/phone")
    response = client.post(
        "/desk/phone",
        data={
            "csrf_token": token,
            "requester_email": org.employee.email,
            "ticket_type": "incident",
            "service": str(org.email.id),
            "title": "Ringde om e-post",
            "description": "Via telefon",
            "impact": "3",
            "urgency": "1",
        },
    )
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket))
    assert ticket.requester_id == org.employee.id
    assert ticket.created_by_id == org.agent.id
    assert ticket.channel == "phone"


def test_find_by_reference(org, client, auth, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    response = client.get(f"/desk/find?q={ticket.reference.lower()}")
    assert response.location.endswith(f"/desk/tickets/{ticket.id}")


def test_language_switch_and_swedish_default(org, client, auth):
    auth.login(org.employee)
    assert "Mina ärenden" in client.get("/portal/").text
    token = auth.token("/portal/")
    client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/portal/"})
    assert "My cases" in client.get("/portal/").text
    db.session.expire_all()
    assert org.employee.locale == "en"
