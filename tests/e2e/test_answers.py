"""Resolution, standard answers and macros in a real browser, by the ids and roles of the
answers area's own elements (the ticket page around them is laid out elsewhere)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import axe_violations, login

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots/answers")


def _new_case(live_server, title: str) -> int:
    """A case of the central desk filed by the demo employee, through the domain."""
    from servicedesk.domain.tickets import lifecycle as ticket_domain
    from servicedesk.infra.extensions import db
    from servicedesk.models import Service, User
    from servicedesk.models.base import utcnow

    with live_server.app.app_context():
        try:
            employee = db.session.scalar(select(User).where(User.email == "anstalld@tanum.example"))
            service = db.session.scalar(
                select(Service).where(Service.name_sv == "E-post och kalender")
            )
            ticket = ticket_domain.create_ticket(
                requester=employee,
                actor=employee,
                title=title,
                description="Jag kommer inte in.",
                service=service,
                now=utcnow(),
            )
            db.session.commit()
            return ticket.id
        finally:
            db.session.remove()


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_resolve_without_solution_is_refused_next_to_the_field(page, live_server):
    ticket_id = _new_case(live_server, "Kan inte logga in på e-posten")
    login(page, live_server, "agent")
    page.goto(live_server(f"/desk/tickets/{ticket_id}"))
    page.locator("#resolve-h").click()
    page.select_option("#resolve-closure-code", "solved_by_desk")
    page.locator("#resolve-submit").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#resolve-solution-err")).to_have_text(
        "Skriv lösningen som anmälaren ska läsa."
    )
    assert page.locator("#resolve-solution").get_attribute("aria-invalid") == "true"
    expect(page.locator("#resolve-closure-code")).to_have_value("solved_by_desk")  # kept
    _shoot(page, "resolve-error")
    assert axe_violations(page) == []
    summary.locator("a[href='#resolve-solution']").click()
    expect(page.locator("#resolve-solution")).to_be_focused()
    page.fill("#resolve-solution", "Kontot var låst; vi har låst upp det.")
    page.locator("#resolve-submit").click()
    page.wait_for_load_state()
    expect(page.locator(".flash-success")).to_have_text("Ärendet är åtgärdat.")


def test_standard_answer_inserted_by_keyboard_and_a_macro_applied(page, live_server):
    ticket_id = _new_case(live_server, "Glömt lösenordet")
    login(page, live_server, "agent")
    page.goto(live_server(f"/desk/tickets/{ticket_id}"))
    body = page.locator("#composer textarea").first
    body.click()
    body.type("Inledning. ")
    page.keyboard.press("Alt+Shift+S")
    search = page.locator("#answer-search")
    expect(search).to_be_focused()
    search.type("lösen")
    expect(page.locator("#answer-options [role=option]").first).to_have_text("Lösenord återställt")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    first = page.locator("#answer-options [role=option]").first
    expect(first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(body).to_be_focused()
    text = body.input_value()
    assert text.startswith("Inledning. Hej Emma!\n\nVi har återställt ditt lösenord.")
    assert text.endswith("Anders Agent, Servicedesk") and "{" not in text
    expect(page.locator("#answer-list")).to_be_hidden()  # the no-JS list gives way
    _shoot(page, "composer-tools")
    assert axe_violations(page) == []

    page.select_option("#macro-select", label="Lösenord återställt")
    page.locator("#macro-apply").click()
    page.wait_for_load_state()
    expect(page.locator(".flash-success")).to_contain_text(
        "Makrot Lösenord återställt är tillämpat"
    )
    expect(page.locator(".facts")).to_contain_text("Åtgärdad")
    expect(page.locator(".facts")).to_contain_text("Anders Agent")
    # the agent's own draft is still in the composer, and a reload is a plain GET
    assert page.locator("#composer textarea").first.input_value() == text
    expect(page.locator("#draft-kept")).to_be_visible()
    assert page.url.endswith(f"/desk/tickets/{ticket_id}")
    page.reload()
    expect(page.locator(".flash-success")).to_have_count(0)


def test_requester_answers_no_with_a_reason(browser, live_server):
    from servicedesk.domain.tickets import lifecycle as ticket_domain
    from servicedesk.infra.extensions import db
    from servicedesk.models import Ticket, User
    from servicedesk.models.base import utcnow

    ticket_id = _new_case(live_server, "Kalendern synkar inte")
    with live_server.app.app_context():
        try:
            agent = db.session.scalar(select(User).where(User.email == "agent@tanum.example"))
            ticket = db.session.get(Ticket, ticket_id)
            ticket_domain.change_status(
                ticket,
                agent,
                "resolved",
                solution="Ta bort och lägg till kontot i **Outlook**.",
                closure_code="user_instructed",
                now=utcnow(),
            )
            db.session.commit()
        finally:
            db.session.remove()
    employee = browser.new_context(locale="sv-SE", bypass_csp=True).new_page()
    login(employee, live_server, "anstalld")
    employee.goto(live_server(f"/portal/tickets/{ticket_id}"))
    expect(employee.locator("#solution")).to_contain_text("Ta bort och lägg till kontot i Outlook.")
    employee.get_by_label("Ja, stäng ärendet").check()
    expect(employee.locator("#resolution-reason")).to_be_hidden()
    employee.get_by_label("Nej, öppna igen").check()
    expect(employee.locator("#resolution-reason")).to_be_visible()
    employee.locator("#resolution-submit").click()
    employee.wait_for_load_state()
    expect(employee.locator("#error-summary")).to_be_focused()
    expect(employee.locator("#resolution-reason-err")).to_contain_text("Berätta varför")
    _shoot(employee, "requester-resolved-error")
    assert axe_violations(employee) == []
    employee.fill("#resolution-reason", "Kalendern är fortfarande tom i mobilen.")
    employee.locator("#resolution-submit").click()
    employee.wait_for_load_state()
    expect(employee.locator(".flash-success")).to_have_text("Ärendet är återöppnat.")

    agent = browser.new_context(locale="sv-SE", bypass_csp=True).new_page()
    login(agent, live_server, "agent")
    agent.goto(live_server(f"/desk/tickets/{ticket_id}"))
    expect(agent.locator("#reopen-notice")).to_contain_text(
        "Kalendern är fortfarande tom i mobilen."
    )
    _shoot(agent, "reopen-notice")
    assert axe_violations(agent) == []
    admin = browser.new_context(locale="sv-SE", bypass_csp=True).new_page()
    login(admin, live_server, "admin")
    for path in ("/admin/closure-codes", "/admin/answers/", "/admin/answers/new", "/admin/macros"):
        admin.goto(live_server(path))
        expect(admin.locator("h1")).to_have_count(1)
        assert axe_violations(admin) == [], path
    admin.set_viewport_size({"width": 390, "height": 844})
    admin.screenshot(path=str(SHOTS / "admin-macros-390.png"), full_page=True)
    admin.context.close()
    employee.context.close()
    agent.context.close()
