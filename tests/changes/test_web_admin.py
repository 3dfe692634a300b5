"""Admin pages (freeze periods, CAB), calendar views and filters, problem page actions."""

from __future__ import annotations

from datetime import UTC, datetime

from servicedesk.infra.extensions import db
from servicedesk.models import CabMember, Change, FreezePeriod, Problem, ProblemTicket
from tests.conftest import csrf_token


def _post(client, path, data, token_path):
    return client.post(path, data={"csrf_token": csrf_token(client, token_path), **data})


def test_admin_adds_a_freeze_period_in_local_time(world, client, auth):
    auth.login(world.org.admin)
    response = _post(
        client,
        "/changes/admin/freezes",
        {
            "freeze-name": "Nyår",
            "freeze-start": "2026-12-20T00:00",
            "freeze-end": "2027-01-07T00:00",
            "freeze-service": "0",
        },
        "/changes/admin",
    )
    assert response.status_code == 302
    freeze = db.session.query(FreezePeriod).one()
    assert freeze.start_at == datetime(2026, 12, 19, 23, 0, tzinfo=UTC)
    assert freeze.service_id is None


def test_freeze_with_end_before_start_is_refused(world, client, auth):
    auth.login(world.org.admin)
    response = _post(
        client,
        "/changes/admin/freezes",
        {
            "freeze-name": "Fel",
            "freeze-start": "2026-12-20T00:00",
            "freeze-end": "2026-12-19T00:00",
            "freeze-service": str(world.finance.id),
        },
        "/changes/admin",
    )
    assert response.status_code == 422 and 'aria-invalid="true"' in response.text
    assert db.session.query(FreezePeriod).count() == 0


def test_agents_cannot_post_admin_forms(world, client, auth):
    auth.login(world.org.agent)
    data = {"cab-email": world.org.agent.email, "cab-member": "y"}
    assert _post(client, "/changes/admin/cab", data, "/changes/").status_code == 403
    assert db.session.query(CabMember).count() == 1


def test_admin_keeps_the_cab(world, client, auth):
    auth.login(world.org.admin)
    _post(
        client,
        "/changes/admin/cab",
        {"cab-email": world.org.agent.email, "cab-member": "y"},
        "/changes/admin",
    )
    _post(client, "/changes/admin/cab", {"cab-email": world.cab.email}, "/changes/admin")
    db.session.expire_all()
    assert [m.user_id for m in db.session.query(CabMember).all()] == [world.org.agent.id]
    response = _post(
        client,
        "/changes/admin/cab",
        {"cab-email": world.org.employee.email, "cab-member": "y"},
        "/changes/admin",
    )
    assert response.status_code == 422


def _scheduled(world, now, **kw):
    change = world.change(now=now, **kw)
    change.state = "scheduled"
    db.session.commit()
    return change


def test_calendar_month_week_and_filters(world, client, auth, now):
    finance = _scheduled(world, now)
    mail = _scheduled(world, now, services=[world.org.email], title="E-postpatch")
    auth.login(world.org.agent)
    month = client.get("/changes/calendar?date=2026-12-01").text
    assert finance.reference in month and mail.reference in month
    assert 'rel="next"' in month and "date=2027-01-01" in month and "date=2026-11-01" in month
    week = client.get("/changes/calendar?view=week&date=2026-12-03").text
    assert finance.reference in week and "date=2026-12-07" in week
    other_week = client.get("/changes/calendar?view=week&date=2026-12-10").text
    assert finance.reference not in other_week
    filtered = client.get(f"/changes/calendar?date=2026-12-01&service={world.org.email.id}").text
    assert mail.reference in filtered and finance.reference not in filtered
    by_unit = client.get(f"/changes/calendar?date=2026-12-01&unit={world.org.buf.id}").text
    assert mail.reference not in by_unit and finance.reference not in by_unit


def test_calendar_shows_freeze_conflict_in_text(world, client, auth, now):
    change = _scheduled(world, now)
    db.session.add(
        FreezePeriod(
            name="Bokslut",
            start_at=datetime(2026, 12, 3, 0, 0, tzinfo=UTC),
            end_at=datetime(2026, 12, 4, 0, 0, tzinfo=UTC),
            service_id=world.finance.id,
        )
    )
    db.session.commit()
    auth.login(world.org.agent)
    page = client.get("/changes/calendar?date=2026-12-01").text
    assert change.reference in page and "Bokslut" in page
    assert "Bokslut" in client.get(f"/changes/{change.id}").text


def test_change_list_filters(world, client, auth, now):
    finance = world.change(now=now)
    mail = world.change(now=now, services=[world.org.email], title="E-postpatch", kind="standard")
    auth.login(world.org.agent)
    page = client.get(f"/changes/?service={world.org.email.id}").text
    assert mail.reference in page and finance.reference not in page
    page = client.get("/changes/?kind=normal").text
    assert finance.reference in page and mail.reference not in page
    page = client.get(f"/changes/?q={finance.reference}").text
    assert finance.reference in page and mail.reference not in page
    mail.state = "cancelled"
    db.session.commit()
    assert mail.reference not in client.get("/changes/").text


def test_problem_page_actions(world, client, auth, file_ticket, now):
    auth.login(world.org.agent)
    _post(client, "/problems/new", {"title": "Skrivare tappar jobb"}, "/problems/new")
    problem = db.session.query(Problem).one()
    path = f"/problems/{problem.id}"
    ticket = file_ticket(service=world.org.email)
    _post(client, f"{path}/incidents", {"reference": ticket.reference}, path)
    _post(client, f"{path}/incidents", {"reference": "INC-999999"}, path)
    assert db.session.query(ProblemTicket).count() == 1
    _post(client, f"{path}/resolve", {}, path)
    db.session.expire_all()
    assert db.session.get(Problem, problem.id).status == "open"  # no root cause yet
    _post(
        client,
        f"{path}/analysis",
        {"root_cause": "Drivrutin", "workaround": "Starta om spoolern", "known_error": "y"},
        path,
    )
    _post(client, f"{path}/fix", {"reference": "CHG-123456"}, path)
    db.session.expire_all()
    problem = db.session.get(Problem, problem.id)
    assert (problem.status, problem.fix_change_id) == ("known_error", None)
    desk = client.get(f"/desk/tickets/{ticket.id}").text
    assert problem.reference in desk and "Starta om spoolern" in desk
    _post(client, f"{path}/incidents/{ticket.id}/unlink", {}, path)
    _post(client, f"{path}/resolve", {}, path)
    _post(client, f"{path}/close", {}, path)
    db.session.expire_all()
    problem = db.session.get(Problem, problem.id)
    assert (problem.status, problem.incidents) == ("closed", [])
    assert db.session.query(Change).count() == 0
