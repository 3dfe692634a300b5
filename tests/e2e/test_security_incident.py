"""A security incident in the browser, as a new user would: an employee reports it from the
menu; the informationssäkerhetssamordnare opens it on the desk, sees the four legal clocks
with their time left, and records the IMY notification, which stops that clock as met. Each
screen is checked with axe at 1366 px and 390 px and kept as a screenshot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import axe_violations, in_app, login

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("SECURITY_SHOTS", "/tmp/shots5/security"))


def _shoot(page, name: str, part: str = "") -> None:
    """Whole page at both widths (and `part`, a selector, alone at 390 px to read it)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1, name
        if part and width == 390:
            page.locator(part).first.screenshot(path=str(SHOTS / f"{name}-{width}-part.png"))
    page.set_viewport_size({"width": 1366, "height": 900})
    assert axe_violations(page) == [], name


def test_report_then_handle_a_security_incident(browser, live_server):
    context = browser.new_context(locale="sv-SE", bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login(page, live_server, "anstalld")
        # The menu's "Behörighet och säkerhet" group holds the report form's link.
        page.locator(".main-nav summary", has_text="Behörighet och säkerhet").click()
        page.get_by_role("link", name="Säkerhetsincident").first.click()
        assert page.get_by_role("heading", name="Rapportera en säkerhetsincident").is_visible()
        page.get_by_label("Rubrik").fill("Borttappad mobiltelefon med jobbmejl")
        page.get_by_role("button", name="Rapportera incidenten").click()
        assert page.locator("#description-err").is_visible()  # what happened is required
        assert page.get_by_label("Rubrik").input_value() == "Borttappad mobiltelefon med jobbmejl"
        _shoot(page, "report-form-error", "main")
        page.get_by_label("Vad hände?").fill("Jag tappade telefonen på bussen i morse.")
        page.get_by_label("Konfidentialitet", exact=False).check()
        page.get_by_label("Personuppgifter berörs").check()
        page.get_by_role("button", name="Rapportera incidenten").click()
        page.wait_for_load_state()
        assert "SEC-" in page.locator("main").inner_text()
        ticket_path = page.url.split("127.0.0.1")[1].split("/", 1)[1]
        ticket_id = int(ticket_path.rstrip("/").rsplit("/", 1)[1])
        _shoot(page, "reporter-view")

        context.clear_cookies()  # the next person, in the same browser
        login(page, live_server, "security")
        page.goto(live_server(f"/desk/tickets/{ticket_id}"))
        section = page.locator("section.security-panel")
        text = section.inner_text()
        for name in ("NIS2 tidig varning", "NIS2 incidentanmälan", "NIS2 slutrapport", "IMY"):
            assert name in text, name
        assert "kvar" in text
        _shoot(page, "handler-panel", "section.sla-strip")

        clock = section.locator(".security-clock", has_text="IMY")
        clock.locator("summary").click()
        clock.get_by_label("Rapporten är lämnad").check()
        clock.get_by_label("Myndighetens diarienummer").fill("IMY-2026-0042")
        clock.get_by_role("button", name="Registrera beslutet").click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").count() > 0  # the time is missing
        _shoot(page, "decision-error", "section.security-panel")
        clock = page.locator(".security-clock", has_text="IMY")
        when = in_app(live_server, lambda db: _local_now_minus_minutes(0))
        clock.get_by_label("Lämnad", exact=True).fill(when)
        clock.get_by_role("button", name="Registrera beslutet").click()
        page.wait_for_load_state()
        clock = page.locator(".security-clock", has_text="IMY")
        assert "IMY-2026-0042" in clock.inner_text()
        _shoot(page, "decision-recorded", "section.security-panel")

        page.goto(live_server("/security/incidents"))
        assert page.get_by_role("table").is_visible()
        _shoot(page, "report")
    finally:
        context.close()


def _demo_incident(db) -> tuple[int, str, str]:
    from sqlalchemy import select

    from servicedesk.models import Ticket

    ticket = db.session.scalar(
        select(Ticket).where(Ticket.type == "security").order_by(Ticket.id).limit(1)
    )
    return ticket.id, ticket.reference, ticket.title


def test_a_plain_agent_sees_nothing_and_the_admin_chooses_the_queue(browser, live_server):
    """The demo incident as the plain agent: 404 on the page, absent from the queue list
    and the search. The admin's "Säkerhetskö" page refuses an empty choice by the field
    (nothing changes, so no other browser test sees a difference). The handler's history
    fits a phone: every card as wide as the screen."""
    ticket_id, reference, title = in_app(live_server, _demo_incident)
    context = browser.new_context(locale="sv-SE", bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login(page, live_server, "agent")
        answer = page.goto(live_server(f"/desk/tickets/{ticket_id}"))
        assert answer.status == 404
        page.goto(live_server("/desk/tickets?status=all"))
        assert reference not in page.content()
        for query in (reference, title.split()[0]):
            page.goto(live_server(f"/desk/find?q={query}"))
            assert title not in page.content(), query
        _shoot(page, "agent-finds-nothing")

        context.clear_cookies()
        login(page, live_server, "admin")
        page.goto(live_server("/admin/security"))
        assert "Informationssäkerhet" in page.locator("main").inner_text()
        _shoot(page, "admin-security-queue")
        page.get_by_label("Säkerhetskö").select_option("0")
        page.get_by_role("button", name="Spara").click()
        page.wait_for_load_state()
        assert page.locator("#queue-err").is_visible()
        _shoot(page, "admin-security-queue-error")

        context.clear_cookies()
        login(page, live_server, "security")
        page.goto(live_server(f"/desk/tickets/{ticket_id}"))
        page.set_viewport_size({"width": 390, "height": 900})
        widest = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('table.history td')]"
            ".map(td => td.getBoundingClientRect().right))"
        )
        assert widest <= 390, widest
    finally:
        context.close()


def _local_now_minus_minutes(minutes: int) -> str:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from servicedesk.models.base import utcnow

    local = (utcnow() - timedelta(minutes=minutes)).astimezone(ZoneInfo("Europe/Stockholm"))
    return local.strftime("%Y-%m-%dT%H:%M")
