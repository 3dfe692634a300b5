"""Change and problem pages through the test client: permissions, forms, the ticket panel,
and the issue's "done when" scenario end to end."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from servicedesk.infra.extensions import db
from servicedesk.models import Change, ChangeApproval, OutboxMessage, Problem
from tests.conftest import csrf_token

from .conftest import COMPLETE

PAGES = [
    "/changes/",
    "/changes/new",
    "/changes/calendar",
    "/changes/calendar?view=week&date=2026-10-25",
    "/problems/",
    "/problems/new",
]


def _post(client, path, data, token_path):
    return client.post(path, data={"csrf_token": csrf_token(client, token_path), **data})


@pytest.mark.parametrize("path", PAGES)
def test_employees_get_403(world, client, auth, path):
    auth.login(world.org.employee)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_agents_see_the_pages(world, client, auth, path):
    auth.login(world.org.agent)
    assert client.get(path).status_code == 200


def test_employee_cannot_open_a_change_or_problem(world, client, auth, now):
    change = world.change(now=now)
    auth.login(world.org.employee)
    assert client.get(f"/changes/{change.id}").status_code == 403
    assert client.get("/changes/admin").status_code == 403


def test_admin_page_is_admin_only(world, client, auth):
    auth.login(world.org.agent)
    assert client.get("/changes/admin").status_code == 403
    auth.login(world.org.admin)
    page = client.get("/changes/admin")
    assert page.status_code == 200 and "Cecilia CAB" in page.text


def test_nav_shows_changes_to_staff_only(world, client, auth):
    auth.login(world.org.agent)
    assert 'href="/changes/"' in client.get("/desk/").text
    client.post("/logout", data={"csrf_token": csrf_token(client, "/desk/")})
    auth.login(world.org.employee)
    assert 'href="/changes/"' not in client.get("/portal/").text


def test_bad_form_input_shows_errors_and_saves_nothing(world, client, auth):
    auth.login(world.org.agent)
    response = _post(
        client,
        "/changes/new",
        {
            "kind": "normal",
            "title": "",
            "owner": world.org.agent.id,
            "cost_one_off": "-5",
            "planned_start": "2026-12-03T20:00",
            "planned_end": "2026-12-03T18:00",
        },
        "/changes/new",
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.text
    assert db.session.query(Change).count() == 0


def _form_data(world, **overrides):
    data = {
        "kind": "normal",
        "title": "Uppgradera ekonomisystemet",
        "owner": world.org.agent.id,
        "services": [world.finance.id],
        "planned_start": "2026-12-03T18:00",
        "planned_end": "2026-12-03T20:00",
        "description": COMPLETE["description"],
        "reason": COMPLETE["reason"],
        "expected_benefit": COMPLETE["expected_benefit"],
        "implementation_plan": COMPLETE["implementation_plan"],
        "backout_plan": COMPLETE["backout_plan"],
        "test_plan": COMPLETE["test_plan"],
        "cost_one_off": "40000",
        "cost_yearly": "12000",
        "risk_likelihood": "0",
        "risk_impact": "0",
        "risk_text": "",
        "consequence": "",
        "communication_plan": "",
    }
    data.update(overrides)
    return data


def _transition(client, change, target):
    db.session.expire_all()
    return _post(
        client,
        f"/changes/{change.id}/transition",
        {"target": target, "version": db.session.get(Change, change.id).version},
        f"/changes/{change.id}",
    )


def test_done_when_scenario(world, client, auth, file_ticket, now):
    """The issue's "done when", as a new user would do it, step by step."""
    org = world.org
    other = world.change(
        now=now,
        title="Patcha databasservern",
        planned_start=datetime(2026, 12, 3, 18, 0, tzinfo=UTC),
        planned_end=datetime(2026, 12, 3, 21, 0, tzinfo=UTC),
    )
    other.state = "scheduled"
    db.session.commit()
    auth.login(org.agent)
    change = _step_draft(world, client, other)
    _step_refused(client, change)
    change = _step_complete_and_request(world, client, change)
    _step_controller_approves(world, client, auth, change)
    _step_schedule_and_calendar(world, client, auth, change, other)
    _step_implement_and_review(client, change, file_ticket)
    _step_problem(client, change, file_ticket)


def _step_draft(world, client, other):
    """An agent drafts a change to the finance system, without risk and consequence."""
    response = _post(client, "/changes/new", _form_data(world), "/changes/new")
    assert response.status_code == 302
    change = db.session.query(Change).filter(Change.id != other.id).one()
    assert change.state == "draft" and change.planned_start == datetime(
        2026, 12, 3, 17, 0, tzinfo=UTC
    )
    return change


def _step_refused(client, change):
    """Submitting is refused, naming what is missing next to the fields."""
    response = _transition(client, change, "submitted")
    assert "missing=risk_likelihood" in response.headers["Location"]
    page = client.get(response.headers["Location"])
    assert page.text.count('aria-invalid="true"') >= 4
    db.session.expire_all()
    assert db.session.get(Change, change.id).state == "draft"


def _step_complete_and_request(world, client, change):
    """Fill in risk and consequence, then submit, assess and request approval."""
    version = db.session.get(Change, change.id).version
    edit = _form_data(
        world,
        version=version,
        risk_likelihood="2",
        risk_impact="2",
        risk_text=COMPLETE["risk_text"],
        consequence=COMPLETE["consequence"],
    )
    path = f"/changes/{change.id}/edit"
    assert _post(client, path, edit, path).status_code == 302
    for target in ("submitted", "assessment", "awaiting_approval"):
        assert _transition(client, change, target).status_code == 302
    db.session.expire_all()
    change = db.session.get(Change, change.id)
    assert change.state == "awaiting_approval"
    return change


def _step_controller_approves(world, client, auth, change):
    """The finance system's systemförvaltare gets the request by mail and approves."""
    mail = db.session.query(OutboxMessage).filter_by(recipient_id=world.controller.id).one()
    assert mail.subject.startswith("Godkännande begärs") and change.reference in mail.subject
    client.post("/logout", data={"csrf_token": csrf_token(client, "/changes/")})
    auth.login(world.controller)
    page = client.get(f"/changes/{change.id}")
    assert "Ditt beslut" in page.text
    response = _post(
        client,
        f"/changes/{change.id}/decide",
        {"decision": "approved", "comment": "Bra plan"},
        f"/changes/{change.id}",
    )
    assert response.status_code == 302
    db.session.expire_all()
    approval = db.session.query(ChangeApproval).one()
    assert (approval.approver_id, approval.decision, approval.comment) == (
        world.controller.id,
        "approved",
        "Bra plan",
    )
    assert db.session.get(Change, change.id).state == "approved"


def _step_schedule_and_calendar(world, client, auth, change, other):
    """The owner schedules it; the calendar shows it with a conflict warning."""
    client.post("/logout", data={"csrf_token": csrf_token(client, "/changes/")})
    auth.login(world.org.agent)
    _transition(client, change, "scheduled")
    calendar = client.get("/changes/calendar?date=2026-12-03").text
    assert change.reference in calendar and other.reference in calendar
    conflict = f"{other.reference} och {change.reference} berör samma tjänst"
    assert conflict in calendar
    detail = client.get(f"/changes/{change.id}").text
    assert f"Överlappar {other.reference}" in detail


def _step_implement_and_review(client, change, file_ticket):
    """Implemented and reviewed."""
    _transition(client, change, "in_progress")
    _transition(client, change, "implemented")
    incident = file_ticket(title="Attest fungerar inte efter uppgraderingen")
    _post(
        client,
        f"/changes/{change.id}/review",
        {"outcome": "successful", "notes": "Inga problem", "incidents": incident.reference},
        f"/changes/{change.id}",
    )
    _transition(client, change, "closed")
    db.session.expire_all()
    assert db.session.get(Change, change.id).state == "closed"
    review = client.get(f"/changes/{change.id}").text.split('id="review"')[1]
    assert "Lyckad" in review and incident.reference in review


def _step_problem(client, change, file_ticket):
    """A problem links three incidents and the change that fixes it."""
    _post(client, "/problems/new", {"title": "Attestflödet fastnar"}, "/problems/new")
    problem = db.session.query(Problem).one()
    incidents = [file_ticket(title=f"Faktura fastnar {n}") for n in range(3)]
    detail_path = f"/problems/{problem.id}"
    for ticket in incidents:
        _post(client, f"{detail_path}/incidents", {"reference": ticket.reference}, detail_path)
    _post(client, f"{detail_path}/fix", {"reference": change.reference}, detail_path)
    db.session.expire_all()
    problem = db.session.get(Problem, problem.id)
    assert [t.id for t in problem.incidents] == [t.id for t in incidents]
    assert problem.fix_change_id == change.id
    page = client.get(detail_path).text
    assert all(t.reference in page for t in incidents) and change.reference in page


def test_only_the_owner_sees_schedule_work(world, client, auth, now):
    change = world.change(now=now)
    change.state = "approved"
    db.session.commit()
    auth.login(world.org.buf_agent)
    _transition(client, change, "scheduled")
    db.session.expire_all()
    assert db.session.get(Change, change.id).state == "approved"


def test_non_approver_cannot_decide_through_the_web(world, client, auth, now):
    change = world.change(now=now)
    change.state = "awaiting_approval"
    db.session.add(
        ChangeApproval(change_id=change.id, approver_id=world.controller.id, role="service_owner")
    )
    db.session.commit()
    auth.login(world.org.agent)
    assert f'action="/changes/{change.id}/decide"' not in client.get(f"/changes/{change.id}").text
    _post(client, f"/changes/{change.id}/decide", {"decision": "approved"}, f"/changes/{change.id}")
    db.session.expire_all()
    assert db.session.query(ChangeApproval).one().decision == "pending"
    assert db.session.get(Change, change.id).state == "awaiting_approval"


def test_ticket_page_links_change_and_problem(world, client, auth, file_ticket, now):
    change = world.change(now=now)
    problem = Problem(title="Skrivarkö", created_at=now, updated_at=now)
    db.session.add(problem)
    db.session.commit()
    ticket = file_ticket(service=world.org.email)
    auth.login(world.org.agent)
    path = f"/desk/tickets/{ticket.id}"
    for ref in (change.reference, problem.reference):
        response = _post(client, f"/changes/link-ticket/{ticket.id}", {"reference": ref}, path)
        assert response.status_code == 302
    page = client.get(path).text
    assert change.reference in page and problem.reference in page
    assert ticket.reference in client.get(f"/changes/{change.id}").text
    _post(client, f"/changes/link-ticket/{ticket.id}", {"reference": "CHG-999999"}, path)
    db.session.expire_all()
    assert len(db.session.get(Problem, problem.id).incidents) == 1


def test_agents_cannot_link_tickets_they_do_not_work(world, client, auth, file_ticket, now):
    change = world.change(now=now)
    ticket = file_ticket(service=world.org.care)  # restricted to the care queue
    auth.login(world.org.agent)
    response = _post(
        client, f"/changes/link-ticket/{ticket.id}", {"reference": change.reference}, "/changes/"
    )
    assert response.status_code == 404


def test_edit_is_refused_to_others_and_after_approval_is_requested(world, client, auth, now):
    change = world.change(now=now)
    auth.login(world.controller)
    response = client.get(f"/changes/{change.id}/edit")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/changes/{change.id}"
    )


def test_stale_edit_changes_nothing(world, client, auth, now):
    change = world.change(now=now)
    auth.login(world.org.agent)
    path = f"/changes/{change.id}/edit"
    stale = _form_data(world, version=change.version - 1, title="Gammal flik")
    response = _post(client, path, stale, path)
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Change, change.id).title == "Uppgradera ekonomisystemet"
