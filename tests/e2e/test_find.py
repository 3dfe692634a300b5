"""The header's search box, the phone form's caller search, the grouped menu and the error
pattern, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login

pytestmark = pytest.mark.e2e


def _first_ticket_id(page, live_server) -> int:
    page.goto(live_server("/desk/tickets?status=all&sort=oldest"))
    href = page.locator("table[data-rows] tbody a").first.get_attribute("href")
    return int(re.search(r"/desk/tickets/(\d+)", href).group(1))


def test_a_bare_number_typed_in_the_header_opens_the_case_by_keyboard(page, live_server):
    login(page, live_server, "agent")
    ticket_id = _first_ticket_id(page, live_server)
    page.goto(live_server("/problems/"))  # a page without a filter box of its own
    page.keyboard.press("/")
    expect(page.locator("#find-q")).to_be_focused()
    page.keyboard.type(str(ticket_id))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/desk/tickets/{ticket_id}")
    # words list matches instead
    page.locator("#find-q").fill("skrivare")
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/find?q=skrivare")
    expect(page.locator("h1")).to_have_text("Sökresultat")
    expect(page.locator("main .search-hit .reference").first).to_have_text(
        re.compile(r"^INC-\d{6}$")
    )


def test_the_caller_is_found_by_typing_and_picked_with_the_keyboard(page, live_server):
    login(page, live_server, "agent")
    page.goto(live_server("/desk/phone"))
    box = page.locator("#caller-q")
    expect(box).to_be_focused()
    box.press_sequentially("lena", delay=30)
    option = page.locator("#caller-options [role=option]").first
    expect(option).to_contain_text("Lena Lärare")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/phone?caller_id=*")
    expect(page.locator(".caller-picked")).to_contain_text("Lena Lärare")
    expect(page.locator("#requester_email")).to_have_value("larare@tanum.example")
    expect(page.locator("#caller-cases-h")).to_contain_text("Öppna ärenden")


def _top_items(page):
    return page.locator(".main-nav > ul > li")


def test_the_menu_fits_one_line_at_1366_and_folds_at_320(browser, live_server):
    ctx = browser.new_context(locale="sv-SE", viewport={"width": 1366, "height": 800})
    page = ctx.new_page()
    try:
        login(page, live_server, "admin")
        page.goto(live_server("/desk/"))
        tops = page.evaluate(
            "() => [...document.querySelectorAll('.main-nav > ul > li')]"
            ".map(li => Math.round(li.getBoundingClientRect().top))"
        )
        assert len(tops) >= 5 and len(set(tops)) == 1, tops
        # a group opens by keyboard and closes with Escape
        group = page.locator(".main-nav details.nav-group summary").first
        group.focus()
        page.keyboard.press("Enter")
        expect(page.locator(".main-nav details.nav-group").first).to_have_attribute("open", "")
        page.keyboard.press("Tab")
        expect(page.locator(".main-nav details[open] a").first).to_be_focused()
        page.keyboard.press("Escape")
        expect(group).to_be_focused()
        page.set_viewport_size({"width": 320, "height": 700})
        button = page.locator(".menu-button")
        expect(button).to_be_visible()
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(_top_items(page).first).to_be_hidden()
        button.click()
        expect(_top_items(page).first).to_be_visible()
        # nothing in the header (menu open, groups open) reaches past the window
        page.locator(".main-nav details.nav-group summary").first.click()
        widest = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('.site-header *')]"
            ".filter(el => el.offsetParent !== null)"
            ".map(el => el.getBoundingClientRect().right))"
        )
        header = page.evaluate("() => document.querySelector('.site-header').scrollWidth")
        assert widest <= 320 and header <= 320, (widest, header)
    finally:
        ctx.close()


def test_an_admin_form_error_shows_the_summary_with_focus_and_the_field_message(page, live_server):
    login(page, live_server, "admin")
    page.goto(live_server("/admin/units/new"))
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    link = summary.locator("a").first
    target = link.get_attribute("href")[1:]
    expect(page.locator(f"#{target}-err")).to_be_visible()
    link.click()
    expect(page.locator(f"#{target}")).to_be_focused()
    assert page.locator(f"#{target}").get_attribute("aria-invalid") == "true"


def test_the_open_menu_and_the_combobox_pass_axe(browser, live_server):
    ctx = browser.new_context(
        locale="sv-SE", bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    page = ctx.new_page()
    try:
        login(page, live_server, "admin")
        page.goto(live_server("/desk/phone"))
        page.locator(".main-nav details.nav-group summary").first.click()
        page.locator("#caller-q").press_sequentially("lena", delay=30)
        expect(page.locator("#caller-options [role=option]").first).to_be_visible()
        assert axe_violations(page) == []
        page.set_viewport_size({"width": 640, "height": 450})
        assert axe_violations(page) == []
    finally:
        ctx.close()
