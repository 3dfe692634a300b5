"""The records area in Chromium, as a new user would try it: an agent marks a comment
secret under OSL 26:1, the education committee's registrar sees the register mask it and
exports the week; the screens at 1366 and 390 px, with axe-core on each."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import axe_violations, in_app, login

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots/records")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _bun_ticket(db):
    """An education committee case the desk's agent works, with a comment of theirs."""
    from sqlalchemy import select

    from servicedesk.domain.permissions import is_agent_for
    from servicedesk.domain.tickets.lifecycle import add_comment
    from servicedesk.models import Authority, Ticket, User
    from servicedesk.models.base import utcnow

    bun = db.session.scalar(select(Authority).where(Authority.short_name == "BUN"))
    agent = db.session.scalar(select(User).where(User.email == "agent@tanum.example"))
    for ticket in db.session.scalars(
        select(Ticket).where(Ticket.authority_id == bun.id, Ticket.status.in_(("new", "open")))
    ):
        if is_agent_for(agent, ticket):
            add_comment(
                ticket,
                agent,
                "Eleven Kim Andersson har skyddad identitet.",
                internal=True,
                now=utcnow(),
            )
            return ticket.id, ticket.reference, ticket.title
    raise AssertionError("the demo has no open BUN case for the desk")


@pytest.mark.parametrize("width", [1366, 390])
def test_mark_a_comment_secret_and_the_register_masks_it(browser, live_server, width):
    ticket_id, reference, title = in_app(live_server, _bun_ticket)
    context = browser.new_context(
        locale="sv-SE", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        login(page, live_server, "agent")
        page.goto(live_server(f"/desk/tickets/{ticket_id}"))
        page.get_by_role("link", name="Sekretess och myndighet för handlingen").click()
        assert page.locator("h1").inner_text().startswith(reference)
        options = page.locator("#target option").all_inner_texts()
        comment = next(o for o in options if o.startswith("Kommentar av"))
        page.select_option("#target", label=comment)
        page.select_option(
            "#provision",
            label=next(
                o
                for o in page.locator("#provision option").all_inner_texts()
                if o.startswith("OSL 26:1")
            ),
        )
        _shot(page, f"ticket-record-before-{width}")
        assert axe_violations(page) == []
        page.get_by_role("button", name="Sekretessmarkera").click()
        page.wait_for_load_state()
        assert "OSL 26:1" in page.locator("#marks-caption").locator("..").inner_text()
        _shot(page, f"ticket-record-marked-{width}")
        context.clear_cookies()
        login(page, live_server, "buf.chef")
        if width > 800:  # the menu link; on a phone the menu is behind its button
            page.get_by_role("link", name="Diarium").first.click()
        else:
            page.goto(live_server("/records/register"))
        page.wait_for_load_state()
        row = page.locator("tr", has_text=reference)
        assert "Sekretessmarkerad handling" in row.inner_text()
        assert title not in row.inner_text()
        assert axe_violations(page) == []
        _shot(page, f"register-{width}")
        with page.expect_download() as download:
            page.get_by_role("link", name="Exportera som CSV").click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert reference in text and title not in text
        page.goto(live_server("/records/holds"))
        assert axe_violations(page) == []
        _shot(page, f"holds-{width}")
        page.goto(live_server("/records/thinning"))
        _shot(page, f"thinning-{width}")
    finally:
        context.close()
        in_app(live_server, _lift_marks)


def _lift_marks(db):
    """The second width starts from an unmarked comment again."""
    from sqlalchemy import update

    from servicedesk.models import SecrecyMark
    from servicedesk.models.base import utcnow

    db.session.execute(
        update(SecrecyMark)
        .where(SecrecyMark.lifted_at.is_(None), SecrecyMark.target == "comment")
        .values(lifted_at=utcnow())
    )


def test_admin_screens(browser, live_server):
    context = browser.new_context(
        locale="sv-SE", viewport={"width": 1366, "height": 900}, bypass_csp=True
    )
    try:
        page = context.new_page()
        login(page, live_server, "admin")
        for path, name in (
            ("/records/authorities", "authorities"),
            ("/records/provisions", "provisions"),
            ("/records/rules", "rules"),
            ("/records/thinning", "thinning-admin"),
            ("/records/personal-data?person=larare@tanum.example", "personal-data"),
        ):
            page.goto(live_server(path))
            assert axe_violations(page) == [], path
            _shot(page, name)
    finally:
        context.close()
