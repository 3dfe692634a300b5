"""Keyboard only: the employee flow with Tab, Shift+Tab, arrows, Space and Enter (no
clicks, no filling by selector), and the agents' shortcuts in the desk."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, login

pytestmark = pytest.mark.e2e


def active(page, attribute: str = "id") -> str:
    return page.evaluate(f"() => document.activeElement.getAttribute('{attribute}') || ''")


def tab_to(page, matches, *, backwards: bool = False, limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until the focused element satisfies `matches`."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if matches(page):
            return
    raise AssertionError("the element was never reached with the keyboard")


def focused_is(selector: str):
    return lambda page: page.evaluate(
        "(s) => document.activeElement && document.activeElement.matches(s)", selector
    )


def test_employee_files_and_replies_by_keyboard_alone(page, live_server):
    page.goto(live_server("/login"))
    # The login form starts in the e-mail field.
    expect(page.locator("#email")).to_be_focused()
    page.keyboard.type("anstalld@tanum.example")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/")

    # The first Tab lands on the skip link, which jumps past the menu to the content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    # Past the outage banner (demo/notices.py), if any, to the first tile.
    tab_to(page, focused_is("a.tile[href*='type=incident']"), limit=8)
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/new**")

    # The type radios: arrows move between them, Space chooses.
    tab_to(page, focused_is("input[name=ticket_type]"))
    page.keyboard.press("ArrowDown")
    expect(page.locator("#ticket_type-1")).to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#ticket_type-0")).to_be_checked()
    tab_to(page, focused_is("#service-filter"))
    page.keyboard.type("Skrivare")
    expect(page.locator("#service option:checked")).to_have_text("Utskrift och skrivare")
    tab_to(page, focused_is("#title"))
    page.keyboard.type("Skrivaren på plan 3 tar inte emot jobb")
    # Past the knowledge base's suggestions for the subject (each a tab stop) to the text.
    tab_to(page, focused_is("#description"), limit=12)
    page.keyboard.type("Utskrifterna försvinner ur kön.")
    # Shift+Tab goes back to the subject, which keeps what was typed.
    tab_to(page, focused_is("#title"), backwards=True, limit=12)
    assert active(page) == "title"
    expect(page.locator("#title")).to_have_value("Skrivaren på plan 3 tar inte emot jobb")
    tab_to(page, focused_is("main form [type=submit]"))
    page.keyboard.press("Space")
    page.wait_for_url("**/portal/tickets/**")
    expect(page.locator(".flash-success")).to_contain_text("är registrerat")

    tab_to(page, focused_is("#body"))
    page.keyboard.type("Det gäller skrivaren vid receptionen.")
    tab_to(page, focused_is("#conversation ~ section form [type=submit]"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".flash-success")).to_have_text("Ditt meddelande skickades.")
    expect(page.locator("#conversation")).to_contain_text("skrivaren vid receptionen")


def test_agent_shortcuts_in_list_and_ticket(page, live_server):
    login(page, live_server, "agent")
    page.goto(live_server("/desk/tickets?sort=oldest"))  # open: a closed case has no composer
    rows = page.locator("table[data-rows] tbody tr")
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class("is-selected")
    page.keyboard.press("j")
    expect(rows.nth(1)).to_have_class("is-selected")
    page.keyboard.press("k")
    expect(rows.nth(0)).to_have_class("is-selected")
    expect(rows.nth(0).locator("a")).to_be_focused()
    href = rows.nth(0).locator("a").get_attribute("href")

    page.keyboard.press("/")
    expect(page.locator("#f-q")).to_be_focused()
    # While typing, shortcut letters are text, not commands.
    page.keyboard.type("jkgq")
    expect(page.locator("#f-q")).to_have_value("jkgq")
    page.keyboard.press("Escape")
    page.keyboard.press("o")
    page.wait_for_url(f"**{href}")

    page.keyboard.press("r")
    expect(page.locator("#reply-body")).to_be_focused()
    page.keyboard.type("c")
    expect(page.locator("#reply-body")).to_have_value("c")
    page.keyboard.press("Escape")
    if page.locator("form[data-claim]").count():
        page.keyboard.press("c")
        page.wait_for_load_state()
        expect(page.locator(".flash-success")).to_have_text("Du hanterar nu ärendet.")

    page.keyboard.press("g")
    page.keyboard.press("q")
    page.wait_for_url("**/desk/")
    page.keyboard.press("/")
    expect(page.locator("#find-q")).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    page.wait_for_url("**/help/shortcuts")
    expect(page.locator("h1")).to_have_text("Kortkommandon")


def test_shortcuts_are_linked_from_the_desk_but_not_active_in_the_portal(page, live_server):
    login(page, live_server, "agent")
    expect(page.locator("footer a[href='/help/shortcuts']")).to_be_visible()
    page.context.clear_cookies()
    login(page, live_server, "anstalld")
    expect(page.locator("footer a[href='/help/shortcuts']")).to_have_count(0)
    page.keyboard.press("g")
    page.keyboard.press("q")
    page.wait_for_timeout(200)
    assert page.url.endswith("/portal/")
