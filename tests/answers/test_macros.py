"""Macros: all changes in one unit of work under the version check, each in the history."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from servicedesk.boundary.unit_of_work import commit_or_error
from servicedesk.domain.answers.closure_codes import active_closure_code
from servicedesk.domain.answers.macros import apply_macro, save_macro
from servicedesk.domain.errors import InvalidTransition, StaleVersion, ValidationError
from servicedesk.domain.tickets import lifecycle as t
from servicedesk.infra.extensions import db
from servicedesk.models import Comment, Ticket, TicketHistory
from tests.resolving import resolve


def _fresh(ticket) -> Ticket:
    db.session.expire_all()
    return db.session.get(Ticket, ticket.id)


def _rows(ticket):
    comments = db.session.query(Comment).filter_by(ticket_id=ticket.id).count()
    history = db.session.query(TicketHistory).filter_by(ticket_id=ticket.id).count()
    return comments, history


def test_macro_replies_assigns_and_resolves_in_one_go(org, file_ticket, reset_macro, now):
    ticket = file_ticket(service=org.email)
    commit_or_error(
        lambda: apply_macro(
            ticket, org.agent, reset_macro.id, expected_version=ticket.version, now=now
        )
    )
    ticket = _fresh(ticket)
    assert (ticket.status, ticket.assignee_id) == ("resolved", org.agent.id)
    assert ticket.closure_code.code == "solved_by_desk"
    [reply] = db.session.query(Comment).filter_by(ticket_id=ticket.id).all()
    assert not reply.internal and reply.body.startswith("Hej Emma! Lösenordet för")
    assert ticket.solution == reply.body
    fields = [h.field for h in db.session.query(TicketHistory).filter_by(ticket_id=ticket.id)]
    assert {"macro", "assignee", "status", "closure_code"} <= set(fields)


def test_stale_version_changes_nothing(org, file_ticket, reset_macro, now):
    ticket = file_ticket(service=org.email)
    seen = ticket.version
    t.update_ticket(ticket, org.agent, impact=1, now=now)
    db.session.commit()
    before = _rows(ticket)
    with pytest.raises(StaleVersion):
        commit_or_error(
            lambda: apply_macro(ticket, org.agent, reset_macro.id, expected_version=seen, now=now)
        )
    assert _rows(ticket) == before and _fresh(ticket).status == "new"


def test_a_refused_step_undoes_the_earlier_ones(org, file_ticket, reset_answer, now):
    macro = save_macro(
        org.admin,
        None,
        name="Vänta",
        queue=None,
        answer=reset_answer,
        status="pending",
        pending_reason="requester",
        assign_to_me=True,
        now=now,
    )
    db.session.commit()
    ticket = file_ticket(service=org.email)
    resolve(ticket, org.agent, now=now, solution="x", code="solved_by_desk")
    db.session.commit()
    before = _rows(ticket)
    with pytest.raises(InvalidTransition):  # resolved -> pending is not in the table
        commit_or_error(
            lambda: apply_macro(ticket, org.agent, macro.id, expected_version=None, now=now)
        )
    ticket = _fresh(ticket)
    assert _rows(ticket) == before
    assert (ticket.status, ticket.assignee_id) == ("resolved", None)


def test_macro_of_another_queue_is_not_usable(org, file_ticket, reset_macro, now):
    ticket = file_ticket(service=org.school)  # BUF's queue
    from servicedesk.domain.errors import NotFound

    with pytest.raises(NotFound):
        apply_macro(ticket, org.buf_agent, reset_macro.id, expected_version=None, now=now)


def test_macro_rules_on_save(org, reset_answer, now):
    with pytest.raises(ValidationError) as caught:
        save_macro(
            org.admin,
            None,
            name="M",
            queue=None,
            answer=None,
            status="resolved",
            closure_code=active_closure_code("solved_by_desk"),
            now=now,
        )
    assert caught.value.field == "answer"
    with pytest.raises(ValidationError) as caught:
        save_macro(
            org.admin, None, name="M", queue=None, answer=reset_answer, status="resolved", now=now
        )
    assert caught.value.field == "closure_code"
    with pytest.raises(ValidationError) as caught:
        save_macro(org.admin, None, name="M", queue=None, answer=None, status=None, now=now)
    assert caught.value.field == "answer"


def test_macro_from_the_composer_button(org, client, auth, file_ticket, reset_macro):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    page = client.get(f"/desk/tickets/{ticket.id}").text
    assert 'id="macro-select"' in page and f'formaction="/desk/tickets/{ticket.id}/macro"' in page
    version = re.search(r'name="macro_version" value="(\d+)"', page).group(1)
    token = auth.token(f"/desk/tickets/{ticket.id}")
    stale = client.post(
        f"/desk/tickets/{ticket.id}/macro",
        data={
            "csrf_token": token,
            "macro": reset_macro.id,
            "macro_version": int(version) - 1,
            "body": "Mitt eget utkast",
        },
    )
    assert stale.status_code == 422 and 'id="macro-err"' in stale.text
    assert "Mitt eget utkast</textarea>" in stale.text  # the composer keeps the draft
    assert _fresh(ticket).status == "new"
    done = client.post(
        f"/desk/tickets/{ticket.id}/macro",
        data={"csrf_token": token, "macro": reset_macro.id, "macro_version": version},
    )
    assert done.status_code == 302 and _fresh(ticket).status == "resolved"


def test_a_macro_keeps_the_agents_own_draft(org, client, auth, file_ticket, reset_macro):
    """The macro's answer is sent; the agent's unsent text stays in the composer."""
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    path = f"/desk/tickets/{ticket.id}"
    page = client.get(path).text
    version = re.search(r'name="macro_version" value="(\d+)"', page).group(1)
    done = client.post(
        f"{path}/macro",
        data={
            "csrf_token": auth.token(path),
            "macro": reset_macro.id,
            "macro_version": version,
            "audience": "internal",
            "body": "Utkast: kolla AD-gruppen också",
        },
    )
    assert done.status_code == 200
    assert "Utkast: kolla AD-gruppen också</textarea>" in done.text
    assert "Ditt eget utkast finns kvar nedan; det har inte skickats." in done.text
    assert f'data-canonical="{path}"' in done.text
    assert "Makrot Lösenord återställt är tillämpat." in done.text
    fresh = _fresh(ticket)
    assert fresh.status == "resolved"
    bodies = db.session.scalars(select(Comment.body).where(Comment.ticket_id == ticket.id)).all()
    assert len(bodies) == 1 and "Lösenordet" in bodies[0]  # only the macro's answer is sent
    assert not any("Utkast" in b for b in bodies)


def test_admin_macro_pages(org, client, auth, reset_answer):
    auth.login(org.admin)
    token = auth.token("/admin/macros/new")
    code = active_closure_code("solved_by_desk")
    response = client.post(
        "/admin/macros/new",
        data={
            "csrf_token": token,
            "name": "Löst",
            "queue": 0,
            "answer": 0,
            "status": "resolved",
            "pending_reason": "",
            "closure_code": code.id,
            "active": "y",
        },
    )
    assert response.status_code == 422 and 'id="answer-err"' in response.text
    response = client.post(
        "/admin/macros/new",
        data={
            "csrf_token": token,
            "name": "Löst",
            "queue": 0,
            "answer": reset_answer.id,
            "status": "resolved",
            "pending_reason": "",
            "closure_code": code.id,
            "active": "y",
        },
    )
    assert response.status_code == 302
    assert "Löst" in client.get("/admin/macros").text
    auth.login(org.agent)
    assert client.get("/admin/macros").status_code == 403
