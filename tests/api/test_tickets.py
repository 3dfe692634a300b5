"""Ticket endpoints: create, list with filters and pages, read, and change; data, not status."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, SlaTimer, Ticket, TicketHistory
from servicedesk.models.base import utcnow


def test_employee_files_an_incident_routed_like_the_portal(api_as, org, conforms):
    api = api_as(org.employee)
    response = api.post(
        "/tickets",
        json={
            "title": "Skrivaren strular",
            "description": "Den skriver ut tomma sidor.",
            "service": org.school.id,
            "impact": 2,
            "urgency": 2,
        },
    )
    assert response.status_code == 201
    body = conforms(response, "Ticket")
    assert body["reference"].startswith("INC-")
    assert response.headers["Location"].endswith(f"/api/v1/tickets/{body['reference']}")
    assert body["queue"] == {"id": org.buf_queue.id, "name": "BUF support"}
    assert body["service"] == {"id": org.school.id, "name": "Skolplattformen"}
    assert body["owner_unit"]["id"] == org.buf.id
    assert body["requester"] == {
        "id": org.employee.id,
        "name": org.employee.name,
        "email": org.employee.email,
    }
    assert body["priority"] == 3 and body["status"] == "new" and body["channel"] == "api"
    assert body["created_at"].endswith("+00:00") and body["sla"] == []
    assert body["route_reason"] == ""  # written for colleagues: staff only
    staff_view = api_as(org.buf_agent).get(f"/tickets/{body['reference']}").get_json()
    assert "BUF support" in staff_view["route_reason"]
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 1


def test_staff_files_for_a_requester_but_an_employee_may_not(api_as, org):
    agent = api_as(org.agent)
    body = agent.post(
        "/tickets",
        json={"title": "Larm", "description": "Disk full", "requester": org.employee.email},
    ).get_json()
    assert body["requester"]["id"] == org.employee.id
    employee = api_as(org.employee)
    response = employee.post(
        "/tickets",
        json={"title": "x", "description": "y", "requester": org.other_employee.email},
    )
    assert response.status_code == 403
    unknown = agent.post(
        "/tickets", json={"title": "x", "description": "y", "requester": "nobody@x.example"}
    )
    assert unknown.status_code == 422 and "requester" in unknown.get_json()["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 1


def test_read_a_ticket_and_invisible_is_404(api_as, org, ticket, conforms):
    body = conforms(api_as(org.employee).get(f"/tickets/{ticket.reference}"), "Ticket")
    assert body["title"] == ticket.title and body["version"] == ticket.version
    for user in (org.other_employee, org.soc_agent):
        response = api_as(user).get(f"/tickets/{ticket.reference}")
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    assert api_as(org.employee).get("/tickets/INC-999999").status_code == 404
    assert api_as(org.employee).get("/tickets/garbage").status_code == 404


def test_confidential_service_ticket_is_404_for_other_agents(api_as, org, file_ticket):
    care = file_ticket(requester=org.other_employee, service=org.care)
    assert api_as(org.soc_agent).get(f"/tickets/{care.reference}").status_code == 200
    assert api_as(org.admin).get(f"/tickets/{care.reference}").status_code == 200
    for user in (org.agent, org.buf_agent, org.employee):
        assert api_as(user).get(f"/tickets/{care.reference}").status_code == 404
        refs = [t["reference"] for t in api_as(user).get("/tickets").get_json()["items"]]
        assert care.reference not in refs


def test_list_filters_and_pages(api_as, org, file_ticket, conforms):
    for n in range(3):
        file_ticket(title=f"Central {n}")
    school = file_ticket(title="Skola", service=org.school)
    admin = api_as(org.admin)
    page = conforms(admin.get("/tickets?per_page=2&page=1&sort=oldest"), "TicketPage")
    assert page["total"] == 4 and page["pages"] == 2 and len(page["items"]) == 2
    assert page["items"][0]["title"] == "Central 0"
    second = admin.get("/tickets?per_page=2&page=2&sort=oldest").get_json()
    assert [t["title"] for t in second["items"]] == ["Central 2", "Skola"]
    by_queue = admin.get(f"/tickets?queue={org.buf_queue.id}").get_json()
    assert [t["reference"] for t in by_queue["items"]] == [school.reference]
    by_service = admin.get(f"/tickets?service={org.school.id}").get_json()
    assert by_service["total"] == 1
    assert admin.get("/tickets?q=Skola").get_json()["total"] == 1
    assert admin.get(f"/tickets?q={school.reference}").get_json()["total"] == 1
    assert admin.get("/tickets?status=closed").get_json()["total"] == 0
    assert admin.get(f"/tickets?status=new&priority={school.priority}").get_json()["total"] == 4
    assert admin.get("/tickets?status=open").get_json()["total"] == 4
    assert admin.get("/tickets?assignee=none").get_json()["total"] == 4
    assert admin.get("/tickets?assignee=me").get_json()["total"] == 0


def test_list_only_shows_what_the_caller_may_see(api_as, org, file_ticket):
    file_ticket(title="Emmas")
    file_ticket(requester=org.other_employee, title="Olles")
    file_ticket(title="Skola", service=org.school)

    def titles(user):
        return sorted(t["title"] for t in api_as(user).get("/tickets").get_json()["items"])

    assert titles(org.employee) == ["Emmas", "Skola"]
    assert titles(org.other_employee) == ["Olles"]
    assert titles(org.buf_agent) == ["Skola"]
    assert titles(org.agent) == ["Emmas", "Olles"]
    assert len(titles(org.admin)) == 3


def _timer(ticket, calendar, *, state="running", due=None, kind="resolution", queue_id=None):
    timer = SlaTimer(
        ticket_id=ticket.id,
        kind=kind,
        queue_id=queue_id,
        calendar_id=calendar.id,
        target_minutes=480,
        state=state,
        started_at=ticket.created_at,
        elapsed_minutes=12.5,
        elapsed_as_of=ticket.created_at,
        due_at=due,
    )
    db.session.add(timer)
    return timer


def test_sla_timers_and_breached_filter(api_as, org, file_ticket, conforms):
    calendar = Calendar(name="Kontorstid")
    db.session.add(calendar)
    late = file_ticket(title="Sen")
    fine = file_ticket(title="I tid")
    past, future = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=5)
    _timer(late, calendar, due=past)
    _timer(late, calendar, kind="ola", queue_id=org.central.id, state="paused", due=future)
    _timer(fine, calendar, due=future)
    late.due_at, fine.due_at = past, future
    db.session.commit()
    admin = api_as(org.admin)
    body = conforms(admin.get(f"/tickets/{late.reference}"), "Ticket")
    resolution, ola = body["sla"]
    assert resolution["kind"] == "resolution" and resolution["target"] == 480
    assert resolution["calendar"] == {"id": calendar.id, "name": "Kontorstid"}
    assert resolution["elapsed"] == 12.5 and resolution["due_at"] == past.isoformat()
    assert ola["queue"] == {"id": org.central.id, "name": "Servicedesk"}
    assert ola["state"] == "paused" and ola["due_at"] is None
    breached = admin.get("/tickets?breached=true").get_json()
    assert [t["reference"] for t in breached["items"]] == [late.reference]
    assert admin.get("/tickets?breached=false").get_json()["total"] == 2


def test_list_queries_do_not_grow_with_tickets(api_as, org, file_ticket, app):
    from sqlalchemy import event

    calendar = Calendar(name="K")
    db.session.add(calendar)
    admin = api_as(org.admin)

    def count_queries() -> int:
        statements = []
        listener = lambda *a, **k: statements.append(a[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert admin.get("/tickets?per_page=100").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    _timer(file_ticket(title="t", service=org.school), calendar)
    db.session.commit()
    count_queries()  # the first call records the token's use
    few = count_queries()
    for n in range(10):
        service = (org.school, org.email, None)[n % 3]
        _timer(file_ticket(title=f"u{n}", service=service), calendar)
    db.session.commit()
    count_queries()  # again after the test's own commits expired the session's objects
    assert count_queries() == few


def test_agent_changes_status_classification_assignee(api_as, org, ticket, conforms):
    agent = api_as(org.agent)
    body = conforms(
        agent.patch(
            f"/tickets/{ticket.reference}",
            json={"impact": 1, "urgency": 1, "assignee": org.agent.id, "version": ticket.version},
        ),
        "Ticket",
    )
    assert body["priority"] == 1 and body["assignee"]["id"] == org.agent.id
    assert body["status"] == "open"  # assigning a new ticket opens it
    body = agent.patch(
        f"/tickets/{ticket.reference}", json={"status": "pending", "pending_reason": "requester"}
    ).get_json()
    assert body["status"] == "pending" and body["pending_reason"] == "requester"
    body = agent.patch(
        f"/tickets/{ticket.reference}",
        json={
            "service": org.email.id,
            "status": "resolved",
            "solution": "Kontot är upplåst.",
            "closure_code": "solved_by_desk",
        },
    ).get_json()
    assert body["service"]["name"] == "E-post" and body["resolved_at"] is not None
    db.session.expire_all()
    fields = set(db.session.scalars(select(TicketHistory.field)))
    assert {"impact", "urgency", "priority", "assignee", "status", "service"} <= fields


def test_transfer_needs_a_reason_and_moves_the_queue(api_as, org, ticket):
    agent = api_as(org.agent)
    path = f"/tickets/{ticket.reference}"
    missing = agent.patch(path, json={"queue": org.buf_queue.id})
    assert missing.status_code == 422 and "reason" in missing.get_json()["error"]["fields"]
    body = agent.patch(path, json={"queue": org.buf_queue.id, "reason": "Gäller skolan"}).get_json()
    assert body["queue"]["id"] == org.buf_queue.id
    assert "Gäller skolan" in body["route_reason"]
    # The central agent no longer works it, so the ticket is now out of sight: 404.
    assert agent.get(path).status_code == 404
    assert api_as(org.buf_agent).get(path).status_code == 200


def test_stale_version_is_409_and_changes_nothing(api_as, org, ticket):
    agent = api_as(org.agent)
    path = f"/tickets/{ticket.reference}"
    old = ticket.version
    agent.patch(path, json={"impact": 2})
    response = agent.patch(path, json={"urgency": 1, "version": old})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "stale_version"
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).urgency == 3


def test_requester_may_read_but_not_patch(api_as, org, ticket):
    employee = api_as(org.employee)
    response = employee.patch(f"/tickets/{ticket.reference}", json={"impact": 1})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    other_agent = api_as(org.buf_agent)
    assert other_agent.patch(f"/tickets/{ticket.reference}", json={"impact": 1}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).impact == 3


def test_invalid_transition_is_409(api_as, org, ticket):
    response = api_as(org.agent).patch(f"/tickets/{ticket.reference}", json={"status": "closed"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "invalid_transition"


def test_catalog_endpoints(api_as, org, conforms):
    api = api_as(org.employee)
    me = conforms(api.get("/me"), "Me")
    assert me["unit"] == {"id": org.buf.id, "name": org.buf.name} and me["locale"] == "sv"
    services = conforms(api.get("/services"), "ServiceList")["items"]
    school = next(s for s in services if s["id"] == org.school.id)
    assert school["queue"] == {"id": org.buf_queue.id, "name": "BUF support"}
    assert school["owner_unit"]["name"] == org.buf.name
    queues = conforms(api.get("/queues"), "QueueList")["items"]
    assert {q["name"] for q in queues} == {"Servicedesk", "BUF support", "SOC systemstöd"}
    assert next(q for q in queues if q["is_central"])["unit"]["id"] == org.it.id
    units = conforms(api.get("/units"), "UnitList")["items"]
    assert {u["name"] for u in units} >= {"IT-enheten", "Tanums kommun"}
    it = next(u for u in units if u["name"] == "IT-enheten")
    assert it["parent_id"] == org.municipality.id and it["kind"] == "it_unit"


def test_admin_transfers_and_assigns_in_one_patch(api_as, org, ticket):
    body = api_as(org.admin).patch(
        f"/tickets/{ticket.reference}",
        json={"queue": org.buf_queue.id, "reason": "Skolan", "assignee": org.buf_agent.id},
    )
    assert body.status_code == 200, body.get_json()
    data = body.get_json()
    assert data["queue"]["id"] == org.buf_queue.id
    assert data["assignee"]["id"] == org.buf_agent.id and data["status"] == "open"
