"""Resolving needs a solution and a closure code on every path; the reopen reason."""

from __future__ import annotations

import re

import pytest

from servicedesk.domain.answers.reopen import latest_reopen
from servicedesk.domain.errors import ValidationError
from servicedesk.domain.tickets import lifecycle as t
from servicedesk.infra.extensions import db
from servicedesk.models import ClosureCode, Ticket, TicketHistory
from tests.resolving import resolve


def _fresh(ticket) -> Ticket:
    db.session.expire_all()
    return db.session.get(Ticket, ticket.id)


@pytest.mark.parametrize(
    ("solution", "code", "field", "error"),
    [
        ("", "solved_by_desk", "solution", "solution_required"),
        ("   ", "solved_by_desk", "solution", "solution_required"),
        ("Klart.", None, "closure_code", "closure_code_required"),
        ("Klart.", "no_such_code", "closure_code", "closure_code_unknown"),
    ],
)
def test_domain_refuses_a_resolve_without_solution_or_code(
    org, file_ticket, now, solution, code, field, error
):
    ticket = file_ticket(service=org.email)
    with pytest.raises(ValidationError) as caught:
        resolve(ticket, org.agent, now=now, solution=solution, code=code)
    assert (caught.value.field, caught.value.code) == (field, error)
    db.session.rollback()
    ticket = _fresh(ticket)
    assert (ticket.status, ticket.solution, ticket.closure_code_id) == ("new", None, None)


def test_inactive_code_is_refused_and_a_resolve_records_both(org, file_ticket, now):
    ticket = file_ticket(service=org.email)
    code = db.session.query(ClosureCode).filter_by(code="duplicate").one()
    code.active = False
    db.session.commit()
    with pytest.raises(ValidationError):
        resolve(ticket, org.agent, now=now, solution="x", code="duplicate")
    db.session.rollback()
    resolve(ticket, org.agent, now=now, solution="Kontot **upplåst**.", code="workaround")
    db.session.commit()
    ticket = _fresh(ticket)
    assert ticket.status == "resolved" and ticket.solution == "Kontot **upplåst**."
    assert ticket.closure_code.code == "workaround"
    lines = db.session.query(TicketHistory).filter_by(ticket_id=ticket.id, field="closure_code")
    assert [h.new_value for h in lines] == ["Tillfällig lösning"]


def test_reopen_needs_a_reason_and_the_agent_sees_it(org, file_ticket, now):
    ticket = file_ticket(service=org.email)
    resolve(ticket, org.agent, now=now, solution="Klart.", code="solved_by_desk")
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        t.reopen_ticket(ticket, org.employee, note="  ", now=now)
    assert caught.value.field == "reason"
    db.session.rollback()
    assert _fresh(ticket).status == "resolved"
    assert latest_reopen(_fresh(ticket)) is None
    t.reopen_ticket(_fresh(ticket), org.employee, note="Felet kom tillbaka", now=now)
    db.session.commit()
    reopened = latest_reopen(_fresh(ticket))
    assert reopened.note == "Felet kom tillbaka" and reopened.actor_id == org.employee.id


def _version(page: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def test_desk_resolve_form_refuses_with_errors_next_to_fields_and_keeps_the_text(
    org, client, auth, file_ticket
):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    page = client.get(f"/desk/tickets/{ticket.id}").text
    assert 'id="resolve-form"' in page and 'value="solved_by_desk"' in page
    token = auth.token(f"/desk/tickets/{ticket.id}")

    def post(solution: str, code: str):
        return client.post(
            f"/desk/tickets/{ticket.id}/resolve",
            data={
                "csrf_token": token,
                "solution": solution,
                "closure_code": code,
                "version": _version(page),
            },
        )

    response = post("Mitt utkast", "")
    assert response.status_code == 422
    body = response.text
    assert 'id="error-summary"' in body and 'href="#resolve-closure-code"' in body
    assert 'id="resolve-closure-code-err"' in body and "Välj en avslutskod." in body
    assert "Mitt utkast</textarea>" in body  # what was typed is kept
    assert '<details id="resolve-details" open>' in body
    assert _fresh(ticket).status == "new"

    response = post("", "solved_by_desk")
    assert response.status_code == 422 and 'id="resolve-solution-err"' in response.text
    assert 'id="resolve-closure-code-err"' not in response.text
    assert _fresh(ticket).status == "new"

    neither = post("", "").text  # one try names both fields
    assert 'id="resolve-solution-err"' in neither and 'id="resolve-closure-code-err"' in neither
    assert 'href="#resolve-solution"' in neither and 'href="#resolve-closure-code"' in neither

    assert post("Omstart av klienten.", "solved_by_desk").status_code == 302
    ticket = _fresh(ticket)
    assert (ticket.status, ticket.solution) == ("resolved", "Omstart av klienten.")


def test_desk_status_form_cannot_resolve_around_the_rule(org, client, auth, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    page = client.get(f"/desk/tickets/{ticket.id}").text
    token = auth.token(f"/desk/tickets/{ticket.id}")
    client.post(
        f"/desk/tickets/{ticket.id}/status",
        data={"csrf_token": token, "status": "resolved", "version": _version(page)},
    )
    assert _fresh(ticket).status == "new"


def test_resolve_form_is_not_for_the_requester_or_other_queues(org, client, auth, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.buf_agent)  # not the central desk's agent
    token = auth.token("/portal/new")
    response = client.post(
        f"/desk/tickets/{ticket.id}/resolve",
        data={"csrf_token": token, "solution": "x", "closure_code": "solved_by_desk"},
    )
    assert response.status_code == 404
    assert _fresh(ticket).status == "new"


def test_api_refuses_a_resolve_without_solution_with_a_stable_code(api_as, org, file_ticket):
    ticket = file_ticket(service=org.email)
    api = api_as(org.agent)
    path = f"/tickets/{ticket.reference}"
    response = api.patch(path, json={"status": "resolved", "closure_code": "solved_by_desk"})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "solution_required" and "solution" in error["fields"]
    response = api.patch(path, json={"status": "resolved", "solution": "Klart."})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "closure_code_required"
    assert _fresh(ticket).status == "new"
    response = api.patch(
        path, json={"status": "resolved", "solution": "Klart.", "closure_code": "solved_by_desk"}
    )
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "resolved"
    assert body["solution"] == "Klart."
    assert body["closure_code"] == {"code": "solved_by_desk", "name": "Löst av servicedesk"}
    requester = api_as(org.employee).get(path).get_json()
    assert requester["solution"] == "Klart."


def test_requester_sees_the_solution_first_and_answers_once(org, client, auth, file_ticket, now):
    ticket = file_ticket(service=org.email)
    t.add_comment(ticket, org.agent, "Intern: kolla AD", internal=True, now=now)
    resolve(ticket, org.agent, now=now, solution="Starta om **datorn**.", code="user_instructed")
    db.session.commit()
    auth.login(org.employee)
    page = client.get(f"/portal/tickets/{ticket.id}").text
    assert "Starta om <strong>datorn</strong>." in page and "Intern: kolla AD" not in page
    solution, question, survey = (
        page.index('id="solution-h"'),
        page.index('id="resolution-h"'),
        page.index('id="survey-h"'),
    )
    assert solution < question < survey
    assert 'value="no"' in page and 'aria-controls="resolution-reason-field"' in page

    token = auth.token(f"/portal/tickets/{ticket.id}")
    url = f"/portal/tickets/{ticket.id}/resolution"
    response = client.post(url, data={"csrf_token": token, "answer": "no", "reason": ""})
    assert response.status_code == 422
    assert 'id="resolution-reason-err"' in response.text
    assert "Berätta varför problemet inte är löst." in response.text
    assert _fresh(ticket).status == "resolved"
    response = client.post(url, data={"csrf_token": token, "reason": "Skrivet men inget val"})
    assert response.status_code == 422 and "Välj ja eller nej." in response.text
    assert "Skrivet men inget val</textarea>" in response.text
    response = client.post(url, data={"csrf_token": token, "answer": "no", "reason": "Samma fel"})
    assert response.status_code == 302 and _fresh(ticket).status == "open"

    auth.login(org.agent)
    desk = client.get(f"/desk/tickets/{ticket.id}").text
    assert 'id="reopen-notice"' in desk and "Samma fel" in desk


def test_requester_confirms_with_yes(org, client, auth, file_ticket, now):
    ticket = file_ticket(service=org.email)
    resolve(ticket, org.agent, now=now, solution="Klart.", code="solved_by_desk")
    db.session.commit()
    auth.login(org.employee)
    token = auth.token(f"/portal/tickets/{ticket.id}")
    client.post(
        f"/portal/tickets/{ticket.id}/resolution",
        data={"csrf_token": token, "answer": "yes", "reason": "ignoreras"},
    )
    assert _fresh(ticket).status == "closed"
