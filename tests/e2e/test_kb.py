"""The knowledge base in a real browser: an employee types "lösenord" on the new-case form,
gets the password article before filing and ends the flow without a case; "Nej, jag vill
anmäla" keeps what was typed; an agent inserts a suggested article into a reply. The
screens at 1366 and 390 px are saved under /tmp/shots/kb/."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.e2e.conftest import axe_violations, demo_user, in_app, login

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots/kb")
WIDTHS = {"wide": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _page(browser, live_server, who: str, size: str = "wide"):
    ctx = browser.new_context(locale="sv-SE", viewport=WIDTHS[size], bypass_csp=True)
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    login(page, live_server, who)
    return ctx, page


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _deflections(live_server) -> int:
    from servicedesk.models import ArticleEvent

    return in_app(
        live_server,
        lambda db: db.session.scalar(select(func.count()).where(ArticleEvent.kind == "deflection")),
    )


@pytest.mark.parametrize("size", ["wide", "phone"])
def test_lösenord_is_answered_before_filing_and_no_case_is_made(browser, live_server, size):
    from servicedesk.models import Ticket

    def cases(db) -> int:
        return db.session.scalar(select(func.count()).select_from(Ticket))

    before, deflected = in_app(live_server, cases), _deflections(live_server)
    ctx, page = _page(browser, live_server, "anstalld", size)
    try:
        page.goto(live_server("/portal/new"))
        page.fill("#title", "lösenord")
        region = page.locator(".kb-suggestions")
        region.wait_for(state="visible")
        assert region.get_attribute("aria-live") == "polite"
        assert page.locator("[data-kb-items] li").first.inner_text().startswith("Byt lösenord")
        assert (
            page.locator("[data-kb-search-link]").get_attribute("href").endswith("q=l%C3%B6senord")
        )
        assert _overflow(page) <= 0
        _shot(page, f"filing-suggestions-{size}")
        assert axe_violations(page) == []
        page.locator("[data-kb-solved]").first.click()
        page.wait_for_load_state()
        assert "/kb/" in page.url
        assert "Inget ärende har registrerats" in page.locator(".flashes").inner_text()
        _shot(page, f"article-after-deflection-{size}")
    finally:
        ctx.close()
    assert in_app(live_server, cases) == before
    assert _deflections(live_server) == deflected + 1


def test_no_i_want_to_file_keeps_what_was_typed(browser, live_server):
    ctx, page = _page(browser, live_server, "anstalld")
    try:
        page.goto(live_server("/portal/new"))
        page.fill("#title", "Schemat visas inte")
        page.locator(".kb-suggestions").wait_for(state="visible")
        assert "Schemat visas inte" in page.locator("[data-kb-items]").inner_text()
        page.click("[data-kb-continue]")
        assert page.locator(".kb-suggestions").is_hidden()
        assert page.evaluate("() => document.activeElement.name") == "description"
        assert page.input_value("#title") == "Schemat visas inte"
    finally:
        ctx.close()


def test_an_agent_inserts_a_suggested_article_into_the_reply(browser, live_server):
    from servicedesk.domain.tickets.lifecycle import create_ticket
    from servicedesk.models.base import utcnow

    def filed(db) -> int:
        person = demo_user(db, "anstalld")
        ticket = create_ticket(
            requester=person,
            actor=person,
            title="Har glömt mitt lösenord",
            description="Kommer inte in.",
            now=utcnow(),
        )
        db.session.flush()
        return ticket.id

    ticket_id = in_app(live_server, filed)
    for size in WIDTHS:
        ctx, page = _page(browser, live_server, "agent", size)
        try:
            page.goto(live_server(f"/desk/tickets/{ticket_id}"))
            panel = page.locator("#kb-panel")
            panel.locator("[data-kb-insert]").first.wait_for(state="visible")
            assert "Byt lösenord" in panel.inner_text()
            panel.locator("[data-kb-insert]").first.click()
            body = page.input_value("#composer textarea[name=body]")
            assert "[Byt lösenord](" in body and "/kb/" in body
            assert _overflow(page) <= 0
            panel.scroll_into_view_if_needed()
            _shot(page, f"ticket-panel-{size}")
        finally:
            ctx.close()


@pytest.mark.parametrize("size", ["wide", "phone"])
def test_the_knowledge_base_screens(browser, live_server, size):
    from servicedesk.models import Article

    article_id = in_app(
        live_server,
        lambda db: db.session.scalar(select(Article.id).where(Article.title_sv == "Byt lösenord")),
    )
    screens = [
        ("anstalld", "/kb/", "index"),
        ("anstalld", f"/kb/{article_id}", "article"),
        ("agent", "/kb/manage", "manage"),
        ("agent", f"/kb/{article_id}/edit", "form"),
        ("agent", f"/kb/{article_id}/history", "history"),
        ("itchef", "/kb/report?preset=this_month", "report"),
    ]
    for who, path, name in screens:
        ctx, page = _page(browser, live_server, who, size)
        try:
            page.goto(live_server(path))
            assert _overflow(page) <= 0, path
            assert axe_violations(page) == [], path
            _shot(page, f"{name}-{size}")
        finally:
            ctx.close()
