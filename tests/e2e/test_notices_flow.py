"""The school platform is down, as people meet it in Chromium at 1366 and 390 px: the
banner on the portal home and on the new-case form once the service is chosen, "Jag är
också drabbad" from the form, and the agent's major incident page with its update."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import axe_violations, login, screenshot
from tests.e2e.test_reflow import OVERFLOW

pytestmark = pytest.mark.e2e
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SHOTS = Path(os.environ.get("NOTICES_SHOTS", "")) if os.environ.get("NOTICES_SHOTS") else None


def _shot(page, name: str) -> None:
    screenshot(page, name)
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _overflow(page):
    """None when nothing sticks out sideways, else the width and the culprits."""
    return page.evaluate(OVERFLOW)


def _as(browser, live_server, who: str, size: str):
    ctx = browser.new_context(locale="sv-SE", viewport=SIZES[size], bypass_csp=True)
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    login(page, live_server, who)
    return ctx, page


@pytest.mark.parametrize(("size", "who"), [("desktop", "handlaggare"), ("phone", "bostad")])
def test_an_employee_joins_the_disruption_from_the_form(browser, live_server, size, who):
    ctx, page = _as(browser, live_server, who, size)
    try:
        page.goto(live_server("/portal/"))
        banner = page.locator(".notice-banner").first
        assert "Vi känner till felet" in banner.inner_text()
        assert page.get_by_role("button", name="Jag är också drabbad").first.is_visible()
        assert _overflow(page) is None
        _shot(page, f"notices-portal-home-{size}")

        page.goto(live_server("/portal/new"))
        form_banner = page.locator("form .notice-banner").first
        assert form_banner.is_hidden()  # no service chosen yet
        page.select_option("#service", label="Skolplattformen")
        form_banner.wait_for(state="visible")
        assert "Skolplattformen går inte att nå" in form_banner.inner_text()
        assert _overflow(page) is None
        assert axe_violations(page) == []
        form_banner.scroll_into_view_if_needed()
        _shot(page, f"notices-new-case-banner-{size}")

        form_banner.get_by_role("link", name="Jag är också drabbad").click()
        page.wait_for_url("**/affected")
        page.get_by_role("button", name="Jag är också drabbad").click()
        page.wait_for_url("**/portal/tickets/*")
        assert "Du är registrerad som drabbad" in page.locator(".flashes").inner_text()
        assert "Nytt om driftstörningen" in page.content()
        _shot(page, f"notices-affected-case-{size}")

        page.goto(live_server("/portal/"))
        assert "Du är registrerad som drabbad" in page.locator(".notice-banner").first.inner_text()
    finally:
        ctx.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_agent_sends_one_update_from_the_major_incident_page(browser, live_server, size):
    ctx, page = _as(browser, live_server, "buf.support", size)
    try:
        page.goto(live_server("/desk/"))
        link = page.locator("#majors-h ~ ul a").first  # the desk panel lists the major one
        link.click()
        page.wait_for_url("**/desk/major/*")
        assert "Tidslinje" in page.content() and "Upptäckt" in page.content()
        assert _overflow(page) is None
        assert axe_violations(page) == []
        _shot(page, f"notices-major-page-{size}")
        text = f"Leverantören startar om servern ({size})."
        page.fill("#body", text)
        page.get_by_role("button", name="Skicka uppdateringen").click()
        page.wait_for_load_state()
        assert "Uppdateringen är skickad till alla berörda" in page.locator(".flashes").inner_text()
        assert text in page.locator(".major-timeline").inner_text()
        # Submitting an empty update keeps the page, with the error next to the field.
        page.get_by_role("button", name="Skicka uppdateringen").click()
        page.wait_for_load_state()
        assert page.locator("#body-err").is_visible()
        _shot(page, f"notices-major-update-error-{size}")
    finally:
        ctx.close()


def test_the_public_page_without_log_in(browser, live_server):
    ctx = browser.new_context(locale="sv-SE", viewport=SIZES["phone"], bypass_csp=True)
    page = ctx.new_page()
    try:
        page.goto(live_server("/driftinformation"))
        assert "Skolplattformen går inte att nå" in page.content()
        assert _overflow(page) is None
        assert axe_violations(page) == []
        _shot(page, "notices-public-phone")
    finally:
        ctx.close()


def test_a_notice_with_its_end_before_its_start_is_refused_next_to_the_field(browser, live_server):
    ctx, page = _as(browser, live_server, "buf.support", "desktop")
    try:
        page.goto(live_server("/desk/notices/new"))
        page.select_option("#services", label="Skolplattformen")
        page.fill("#title", "Elevregistret är långsamt")
        page.fill("#starts_at", "2026-12-07T10:00")
        page.fill("#ends_at", "2026-12-07T09:00")
        page.get_by_role("button", name="Publicera").click()
        page.wait_for_load_state()
        assert page.locator("#ends_at-err").is_visible()
        assert page.input_value("#title") == "Elevregistret är långsamt"
        assert axe_violations(page) == []
        _shot(page, "notices-form-error-desktop")
    finally:
        ctx.close()


def test_an_employee_follows_a_service_on_the_status_page(browser, live_server):
    ctx, page = _as(browser, live_server, "hamn", "phone")
    try:
        page.goto(live_server("/driftinformation"))
        page.select_option("#service", label="E-post och kalender")
        page.get_by_role("button", name="Bevaka", exact=True).click()
        page.wait_for_load_state()
        assert "Du får e-post när" in page.locator(".flashes").inner_text()
        assert "E-post och kalender" in page.locator("#follow ul").inner_text()
        assert _overflow(page) is None
        _shot(page, "notices-follow-phone")
    finally:
        ctx.close()
