"""The accessibility statement: reachable from every page, and its report form files a case
in the logged-in user's name (anonymous visitors are asked to log in)."""

from __future__ import annotations

from sqlalchemy import func, select

from servicedesk.infra.extensions import db
from servicedesk.models import Ticket
from servicedesk.web.front.help import REPORT_PREFIX


def _count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Ticket.id)))


def test_statement_is_public_and_linked_from_every_page(app, org, client, auth):
    page = client.get("/tillganglighet")
    assert page.status_code == 200
    assert "Tillgänglighetsredogörelse" in page.text
    assert 'href="/login?next=/tillganglighet"' in page.text
    assert 'name="description"' not in page.text
    assert 'href="/tillganglighet"' in client.get("/login").text
    auth.login(org.employee)
    for path in ("/portal/", "/portal/new"):
        assert 'href="/tillganglighet"' in client.get(path).text


def test_report_becomes_a_case_of_the_logged_in_user(app, org, client, auth):
    auth.login(org.employee)
    token = auth.token("/tillganglighet")
    response = client.post(
        "/tillganglighet",
        data={
            "csrf_token": token,
            "page": "Nytt ärende",
            "description": "Skärmläsaren läser inte upp felmeddelandet.",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    ticket = db.session.scalar(select(Ticket))
    assert ticket.title == f"{REPORT_PREFIX} Nytt ärende"
    assert ticket.requester_id == org.employee.id
    assert ticket.description == "Skärmläsaren läser inte upp felmeddelandet."
    assert response.location.endswith(f"/portal/tickets/{ticket.id}")
    assert ticket.reference in client.get(response.location).text


def test_report_needs_both_fields_and_changes_nothing_otherwise(app, org, client, auth):
    auth.login(org.employee)
    token = auth.token("/tillganglighet")
    page = client.post("/tillganglighet", data={"csrf_token": token, "page": "  "})
    assert page.status_code == 200
    assert 'id="error-summary"' in page.text
    assert 'aria-invalid="true"' in page.text
    assert _count() == 0


def test_anonymous_report_is_not_filed(app, org, client):
    token_page = client.get("/tillganglighet")
    assert 'name="page"' not in token_page.text
    from tests.conftest import csrf_token

    token = csrf_token(client, "/login")
    response = client.post(
        "/tillganglighet",
        data={"csrf_token": token, "page": "Start", "description": "Svårt"},
    )
    assert response.status_code == 200
    assert _count() == 0


def test_shortcuts_page_needs_login_and_lists_the_keys(app, org, client, auth):
    assert client.get("/help/shortcuts").status_code == 302
    auth.login(org.agent)
    page = client.get("/help/shortcuts")
    assert page.status_code == 200
    for key in ("<kbd>j</kbd>", "<kbd>k</kbd>", "<kbd>/</kbd>", "<kbd>r</kbd>", "<kbd>c</kbd>"):
        assert key in page.text
    assert 'href="/help/shortcuts"' in client.get("/desk/").text
