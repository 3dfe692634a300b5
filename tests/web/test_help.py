"""The accessibility statement: reachable from every page, and its report form files a case
in the signed-in user's name, or, without signing in, with the reporter's contact details."""

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
    assert 'name="description"' in page.text and 'name="email"' in page.text
    assert 'href="https://www.digg.se/tdosanmalan"' in page.text
    for section in (
        "Hur tillgänglig är servicedesken?",
        "Anmäl en brist",
        "Tillsyn",
        "Redogörelsen upprättades",
    ):
        assert section in page.text
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


def _anonymous_post(client, **data):
    from tests.conftest import csrf_token

    token = csrf_token(client, "/tillganglighet")
    return client.post("/tillganglighet", data={"csrf_token": token, **data})


REPORT = {
    "name": "Greta Gäst",
    "email": "greta@example.org",
    "phone": "070-123 45 67",
    "page": "Startsidan",
    "description": "Fokus syns inte på knapparna.",
}


def test_anonymous_report_is_filed_to_the_desk_with_the_contact_details(app, org, client):
    response = _anonymous_post(client, **REPORT)
    assert response.status_code == 302 and response.location.endswith("/tillganglighet")
    db.session.expire_all()
    ticket = db.session.scalar(select(Ticket))
    assert ticket.title == f"{REPORT_PREFIX} Startsidan"
    assert ticket.queue.is_central  # where the service desk's staff see it
    assert "Greta Gäst <greta@example.org>, 070-123 45 67" in ticket.description
    assert ticket.description.endswith("Fokus syns inte på knapparna.")
    assert not ticket.requester.active  # the shared account: no sign-in, no mail
    assert ticket.reference in client.get("/tillganglighet").text  # the thank-you notice
    # a second report uses the same account
    _anonymous_post(client, **{**REPORT, "email": "other@example.org"})
    assert _count() == 2
    assert len({t.requester_id for t in db.session.scalars(select(Ticket))}) == 1


def test_anonymous_report_needs_a_name_and_an_address_and_keeps_the_text(app, org, client):
    page = _anonymous_post(client, **{**REPORT, "email": "inte-en-adress"})
    assert page.status_code == 200 and 'id="email-err"' in page.text
    assert "Fokus syns inte på knapparna." in page.text  # what was typed is kept
    page = _anonymous_post(client, **{**REPORT, "name": " "})
    assert 'id="name-err"' in page.text
    assert _count() == 0


def test_report_form_requires_the_csrf_token(app, org, client):
    response = client.post("/tillganglighet", data=REPORT)
    assert response.status_code in (200, 400)
    assert _count() == 0


def test_anonymous_reports_are_bounded_per_hour(app, org, client):
    app.config["ACCESSIBILITY_REPORTS_PER_HOUR"] = 2
    for n in range(2):
        assert _anonymous_post(client, **{**REPORT, "page": f"Sida {n}"}).status_code == 302
    page = _anonymous_post(client, **REPORT)
    assert page.status_code == 200 and "Många rapporter" in page.text
    assert _count() == 2


def test_shortcuts_page_needs_login_and_lists_the_keys(app, org, client, auth):
    assert client.get("/help/shortcuts").status_code == 302
    auth.login(org.agent)
    page = client.get("/help/shortcuts")
    assert page.status_code == 200
    for key in ("<kbd>j</kbd>", "<kbd>k</kbd>", "<kbd>/</kbd>", "<kbd>r</kbd>", "<kbd>c</kbd>"):
        assert key in page.text
    assert 'href="/help/shortcuts"' in client.get("/desk/").text
