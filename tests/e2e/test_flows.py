"""The core loop in a real browser: an employee files a case, agents work it through the
queue (claim, reply, internal note, transfer, resolve), and the employee confirms."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.e2e


def _submit(page, form_selector: str) -> None:
    # The form's own submit button, not one posting elsewhere (a macro's "Apply").
    page.locator(f"{form_selector} [type=submit]:not([formaction])").click()
    page.wait_for_load_state()


def file_case(page, live_server, title: str) -> str:
    """File a case through the portal form; returns the case reference."""
    page.goto(live_server("/portal/new"))
    page.get_by_label("Något fungerar inte (felanmälan)").check()
    page.fill("#service-filter", "E-post")
    expect(page.locator("#service option:checked")).to_have_text("E-post och kalender")
    page.fill("#title", title)
    page.fill("#description", "Jag får felmeddelandet *Brevlådan är full* varje morgon.")
    _submit(page, "main form")
    expect(page.locator(".flash-success")).to_contain_text("är registrerat")
    return page.locator("h1 .ref").inner_text()


def test_case_from_employee_through_two_queues_and_back(browser, live_server):
    title = f"Brevlådan fylls {uuid4().hex[:6]}"
    employee = browser.new_context(locale="sv-SE").new_page()
    login(employee, live_server, "anstalld")
    reference = file_case(employee, live_server, title)
    expect(employee.locator(".facts")).to_contain_text("Servicedesk (IT-enheten)")
    ticket_url = employee.url

    agent = browser.new_context(locale="sv-SE").new_page()
    login(agent, live_server, "agent")
    agent.get_by_role("link", name="Servicedesk (IT-enheten)").first.click()
    agent.get_by_role("link", name=reference).click()
    expect(agent.locator("h1")).to_contain_text(title)
    # Claimed unless the queue's auto-assignment already gave it to this agent (the live
    # demo is shared by every browser test, and earlier ones may change its queues).
    if agent.locator("form[data-claim]").count():
        _submit(agent, "form[data-claim]")
        expect(agent.locator(".flash-success")).to_have_text("Du hanterar nu ärendet.")

    agent.get_by_label("Svara anmälaren").check()
    agent.fill("#reply-body", "Vi har utökat din brevlåda. Prova igen i morgon.")
    _submit(agent, "#composer")
    agent.get_by_label("Intern anteckning").check()
    agent.fill("#reply-body", "Intern: kvoten var 2 GB, nu 50 GB.")
    _submit(agent, "#composer")
    expect(agent.locator(".comment.internal")).to_contain_text("kvoten var 2 GB")

    agent.select_option("#queue", label="BUF support")
    agent.fill("#transfer_reason", "Gäller skolans delade brevlåda.")
    _submit(agent, "#ticket-panel")
    expect(agent.locator(".flash-success")).to_have_text("Sparat.")
    screenshot(agent, "flow-agent-after-transfer")

    buf = browser.new_context(locale="sv-SE").new_page()
    login(buf, live_server, "buf.support")
    buf.goto(live_server("/desk/tickets?assignee=none"))
    buf.get_by_role("link", name=reference).click()
    expect(buf.locator(".facts")).to_contain_text("Gäller skolans delade brevlåda.")
    buf.locator("#resolve-h").click()
    buf.fill("#resolve-solution", "Den delade brevlådan är utökad till 50 GB.")
    buf.select_option("#resolve-closure-code", "solved_by_second_line")
    _submit(buf, "#resolve-form")
    expect(buf.locator(".facts")).to_contain_text("Åtgärdad")

    employee.goto(ticket_url)
    conversation = employee.locator("#conversation")
    expect(conversation).to_contain_text("Vi har utökat din brevlåda")
    expect(conversation).not_to_contain_text("kvoten var 2 GB")
    expect(employee.locator("body")).not_to_contain_text("Intern anteckning")
    expect(employee.locator("#solution")).to_contain_text("utökad till 50 GB")
    screenshot(employee, "flow-employee-resolved")
    employee.get_by_label("Ja, stäng ärendet").check()
    _submit(employee, "#resolution-form")
    expect(employee.locator(".facts")).to_contain_text("Avslutad")
    for page in (employee, agent, buf):
        page.context.close()


def test_error_summary_takes_focus_and_leads_to_the_field(page, live_server):
    login(page, live_server, "anstalld")
    page.goto(live_server("/portal/new"))
    _submit(page, "main form")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    summary.locator("a[href='#title']").click()
    expect(page.locator("#title")).to_be_focused()
    assert page.locator("#title").get_attribute("aria-invalid") == "true"
    assert "title-err" in page.locator("#title").get_attribute("aria-describedby")


def test_reference_in_heading_is_the_case_number(page, live_server):
    login(page, live_server, "anstalld")
    reference = file_case(page, live_server, "Skrivaren skriver ut tomma sidor")
    assert re.fullmatch(r"INC-\d{6}", reference)
