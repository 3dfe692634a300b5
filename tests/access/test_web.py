"""The access pages through the test client: the "done when" flow as people click it,
form errors next to their field (422, what was typed kept, nothing saved), and who sees
which page."""

from __future__ import annotations

from sqlalchemy import func, select

from servicedesk.domain.access import reviews
from servicedesk.infra.extensions import db
from servicedesk.models import AccessDecision, AccessGrant, AccessRequest, AccessTask
from tests.conftest import csrf_token


def _post(client, path, data, token_path):
    return client.post(path, data={"csrf_token": csrf_token(client, token_path), **data})


def test_the_flow_through_the_pages(access, client, auth, now, app):
    org = access.org
    auth.login(org.other_employee)
    page = client.get("/access/new")
    assert page.status_code == 200 and "Handläggare" in page.text
    sent = _post(
        client,
        "/access/new",
        {
            "role": access.handler.id,
            "person": org.other_employee.id,
            "reason": "Ny som handläggare",
            "valid_from": "2026-12-01",
            "valid_to": "",
        },
        "/access/new",
    )
    assert sent.status_code == 302, sent.text
    request = db.session.scalar(select(AccessRequest))
    detail = client.get(sent.headers["Location"])
    assert request.reference in detail.text and "Maja Chef" in detail.text  # who decides
    assert 'name="decision"' not in detail.text  # the requester does not decide

    for approver, reason in ((access.manager, "Behövs"), (access.administrator, "OK")):
        client.post("/logout", data={"csrf_token": csrf_token(client, "/access/")})
        auth.login(approver)
        inbox = client.get("/access/")
        assert request.reference in inbox.text
        path = f"/access/requests/{request.id}"
        done = _post(client, f"{path}/decide", {"decision": "approved", "reason": reason}, path)
        assert done.status_code == 302, done.text
    client.post("/logout", data={"csrf_token": csrf_token(client, "/access/")})
    auth.login(org.soc_agent)
    task = db.session.scalar(select(AccessTask))
    listed = client.get("/access/tasks")
    assert "Emma" not in listed.text and org.other_employee.name in listed.text
    finished = _post(
        client, f"/access/tasks/{task.id}/done", {f"task-{task.id}-note": "Klart"}, "/access/tasks"
    )
    assert finished.status_code == 302
    grant = db.session.scalar(select(AccessGrant))
    register = client.get(f"/access/register?service={org.care.id}")
    assert org.other_employee.name in register.text and request.reference in register.text

    client.post("/logout", data={"csrf_token": csrf_token(client, "/access/")})
    auth.login(org.other_employee)
    case = client.get(f"/portal/tickets/{request.ticket_id}")  # the BEH case on the portal
    assert f"/access/cases/{request.ticket_id}" in case.text
    mine = client.get(f"/access/cases/{request.ticket_id}", follow_redirects=True)
    assert "Behövs" in mine.text and "OK" in mine.text  # every decision shown to the requester

    [review] = reviews.open_due_reviews(now=now)
    db.session.commit()
    client.post("/logout", data={"csrf_token": csrf_token(client, "/access/")})
    auth.login(access.administrator)
    path = f"/access/reviews/{review.id}"
    assert org.other_employee.name in client.get(path).text
    kept = _post(client, f"{path}/lines/{grant.id}", {f"line-{grant.id}-answer": "keep"}, path)
    assert kept.status_code == 302
    assert reviews.get_visible_review(access.administrator, review.id).state == "done"
    assert client.get("/access/reports").status_code == 200


def test_form_errors_are_shown_next_to_the_field_and_nothing_is_saved(access, client, auth):
    org = access.org
    auth.login(org.other_employee)
    answer = _post(
        client,
        "/access/new",
        {
            "role": access.handler.id,
            "person": org.other_employee.id,
            "reason": "Mitt skäl",
            "valid_from": "2026-12-10",
            "valid_to": "2026-12-01",
        },
        "/access/new",
    )
    assert answer.status_code == 422
    assert 'id="valid_to-err"' in answer.text and "Mitt skäl" in answer.text
    assert db.session.scalar(select(func.count()).select_from(AccessRequest)) == 0


def test_a_refused_decision_keeps_what_was_typed(access, ask, client, auth):
    request = ask()
    auth.login(access.manager)
    path = f"/access/requests/{request.id}"
    answer = _post(client, f"{path}/decide", {"decision": "rejected", "reason": ""}, path)
    assert answer.status_code == 422 and 'id="reason-err"' in answer.text
    assert db.session.scalar(select(func.count()).select_from(AccessDecision)) == 0


def test_pages_and_permissions(access, ask, client, auth):
    org = access.org
    request = ask()
    auth.login(org.employee)  # another department's employee
    assert client.get(f"/access/requests/{request.id}").status_code == 404
    for path in (
        "/access/",
        "/access/new",
        "/access/tasks",
        "/access/register",
        "/access/reviews",
        "/access/reports",
    ):
        assert client.get(path).status_code == 200, path
    assert org.other_employee.name not in client.get("/access/register").text
    assert client.get("/admin/access").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/access/")})
    auth.login(org.admin)
    catalog = client.get("/admin/access")
    assert catalog.status_code == 200 and "Handläggare" in catalog.text
    for path in (
        "/admin/access/service",
        "/admin/access/roles/new",
        f"/admin/access/roles/{access.handler.id}",
    ):
        assert client.get(path).status_code == 200, path
    clash = _post(
        client,
        "/admin/access/roles/new",
        {
            "service": org.care.id,
            "name_sv": "Handläggare",
            "name_en": "",
            "chain": "manager",
            "active": "y",
        },
        "/admin/access/roles/new",
    )
    assert clash.status_code == 422 and "name_sv-err" in clash.text


def test_the_register_export_shows_what_the_reader_may_see_and_is_audited(
    access, ask, client, auth, now
):
    from servicedesk.domain.access import requests as access_requests
    from servicedesk.domain.access import tasks
    from servicedesk.models import AuditLog

    org = access.org
    request = ask(role=access.read)
    access_requests.decide(request, access.manager, "approved", reason="ok", now=now)
    tasks.complete_task(db.session.scalar(select(AccessTask)), org.soc_agent, now=now)
    db.session.commit()
    auth.login(access.manager)
    page = client.get("/access/register")
    assert "/access/register.csv" in page.text
    sheet = client.get("/access/register.csv").get_data(as_text=True)
    header, line = sheet.lstrip("\ufeff").splitlines()[:2]
    assert header.startswith("Person;E-post;") and org.other_employee.name in line
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "access_register_exported"))
    assert audit.actor_id == access.manager.id and audit.new_value == "1"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/access/")})
    auth.login(org.employee)
    assert len(client.get("/access/register.csv").get_data(as_text=True).splitlines()) == 1


def test_an_admin_answers_a_review_line_on_the_page(access, ask, client, auth, now):
    from servicedesk.domain.access import requests, tasks

    org = access.org
    request = ask(role=access.read)
    requests.decide(request, access.manager, "approved", reason="ok", now=now)
    task = db.session.scalar(select(AccessTask))
    grant = tasks.complete_task(task, org.soc_agent, now=now)
    [review] = reviews.open_due_reviews(now=now)
    db.session.commit()
    auth.login(org.admin)
    path = f"/access/reviews/{review.id}"
    assert f'name="line-{grant.id}-answer"' in client.get(path).text  # the admin may answer
    kept = _post(client, f"{path}/lines/{grant.id}", {f"line-{grant.id}-answer": "keep"}, path)
    assert kept.status_code == 302
    page = client.get(path).text
    assert org.admin.name in page  # who answered
    assert review.lines[0].answered_by_id == org.admin.id


def test_the_register_shows_someone_who_has_not_started(access, ask, client, auth, now, make_user):
    from servicedesk.domain.access import requests, tasks
    from servicedesk.domain.identity.users import create_user

    org = access.org
    sara = make_user("Sara Chef", {"manager"}, org.soc)
    db.session.commit()
    request = ask(
        actor=access.manager,
        role=access.read,
        person=None,
        person_name="Nina Ny",
        person_email="nina@example.org",
    )
    requests.decide(request, sara, "approved", reason="Ny medarbetare", now=now)
    task = db.session.scalar(select(AccessTask))
    tasks.complete_task(task, org.soc_agent, now=now)
    db.session.commit()
    auth.login(access.administrator)
    row = client.get(f"/access/register?service={org.care.id}").text
    assert "Nina Ny" in row and "nina@example.org" in row and "har inte börjat ännu" in row
    create_user(email="nina@example.org", name="Nina Ny", password=None, unit=org.soc)
    db.session.commit()
    row = client.get(f"/access/register?service={org.care.id}").text
    assert "Nina Ny" in row and "har inte börjat ännu" not in row
