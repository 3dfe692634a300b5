"""Swedish and English: the main pages in Swedish show none of the English UI words, the
language switch works and is remembered for the user."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

# English words of the UI chrome and forms; any of them on a Swedish page is untranslated.
ENGLISH = [
    "My cases",
    "New case",
    "Log out",
    "Log in",
    "Subject",
    "Description",
    "Reply",
    "Send",
    "Priority",
    "Registered",
    "Conversation",
    "History",
    "required",
    "Search services",
    "Case number",
    "Updated",
    "Report a fault",
    "Skip to content",
    "Accessibility statement",
    "Keyboard shortcuts",
    "Queue",
    "Unassigned",
    "Overdue",
    "Assignee",
    "Transfer",
    "Take the ticket",
    "Filter",
    "Service level",
    "Requester",
    "Nobody",
    "Internal note",
    "Save status",
    "Classification",
    "Known problems",
]
PORTAL = ["/portal/", "/portal/new", "/tillganglighet"]
DESK = ["/desk/", "/desk/tickets", "/desk/phone", "/help/shortcuts"]


def english_words_on(page) -> list[str]:
    # The language switch names the other language in that language, by design.
    text = page.locator("body").inner_text().replace("English", "")
    return [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", text)]


def _check_swedish(page, live_server, paths) -> None:
    for path in paths:
        page.goto(live_server(path))
        assert page.locator("html").get_attribute("lang") == "sv"
        assert english_words_on(page) == [], path


def test_portal_and_desk_in_swedish_have_no_english_text(page, live_server):
    login(page, live_server, "anstalld")
    page.goto(live_server("/portal/"))
    ticket = page.locator("table.list tbody a").first.get_attribute("href")
    _check_swedish(page, live_server, [*PORTAL, ticket])
    page.context.clear_cookies()
    login(page, live_server, "agent")
    page.goto(live_server("/desk/tickets"))
    ticket = page.locator("table.tickets tbody a").first.get_attribute("href")
    _check_swedish(page, live_server, [*DESK, ticket])


def test_switching_language_is_remembered_for_the_user(browser, live_server):
    page = browser.new_context(locale="sv-SE").new_page()
    login(page, live_server, "larare")
    expect(page.locator("h1")).to_have_text("Mina ärenden")
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("My cases")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "My cases" in english_words_on(page)  # the check itself sees English
    page.goto(live_server("/portal/new"))
    expect(page.locator("h1")).to_have_text("New case")
    page.context.close()

    # A new browser that asks for Swedish still gets the user's English after login.
    again = browser.new_context(locale="sv-SE").new_page()
    login(again, live_server, "larare")
    expect(again.locator("h1")).to_have_text("My cases")
    again.get_by_role("button", name="Svenska").click()
    expect(again.locator("h1")).to_have_text("Mina ärenden")
    again.context.close()
