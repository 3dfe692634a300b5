"""Full-text search in a real browser: the header's box, the results page with marked
snippets and its filters, at desktop and phone width."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login, screenshot

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("SEARCH_SHOTS")  # a folder to keep the screenshots in, if set


def _shot(page, name: str) -> None:
    screenshot(page, name)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_schemat_typed_in_the_header_finds_the_case_by_its_description(browser, live_server, width):
    ctx = browser.new_context(
        locale="sv-SE", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = ctx.new_page()
    try:
        login(page, live_server, "agent")
        page.goto(live_server("/desk/"))
        page.keyboard.press("/")
        page.keyboard.type("schemat")
        page.keyboard.press("Enter")
        page.wait_for_url("**/desk/find?q=schemat")
        hit = page.locator(".search-hit", has_text="Eleverna i 8A ser ingenting i Skola24")
        expect(hit.locator(".snippet mark").first).to_have_text("Schemat")
        expect(page.locator("#search-service")).to_be_visible()
        _shot(page, f"search-results-{width}")
        assert axe_violations(page) == []
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= width + 1
        # the filters by keyboard: only tickets, only resolved ones
        page.locator("#search-kind").select_option("ticket")
        page.locator("#search-status").select_option("resolved")
        page.locator("#search-status").focus()
        page.keyboard.press("Tab")  # to the form's button
        expect(page.locator(".search-again button")).to_be_focused()
        page.keyboard.press("Enter")
        page.wait_for_url("**kind=ticket**")
        expect(page.locator("#group-ticket")).to_be_visible()
        expect(page.locator(".search-hit").first).to_contain_text("Åtgärdad")
        # an internal note's words: found for the agent, and said where
        page.locator("#search-page-q").fill("cachen")
        page.locator("#search-kind").select_option("")
        page.locator("#search-status").select_option("")
        page.locator("#search-page-q").press("Enter")
        page.wait_for_url("**q=cachen**")
        expect(page.locator(".search-source.internal").first).to_have_text("I en intern anteckning")
        _shot(page, f"search-note-{width}")
    finally:
        ctx.close()
