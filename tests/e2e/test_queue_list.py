"""The queue list in Chromium: a bulk claim with one row changed by someone else between
render and submit, a saved view opened again, one-line rows without sideways scrolling at
1366 px and at 320 px, and the keyboard."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import demo_user, in_app, login

pytestmark = pytest.mark.e2e


def _file_cases(live_server, word: str, n: int) -> list[tuple[int, str]]:
    """n cases in the central desk's queue whose titles share `word`; (id, reference)."""
    from servicedesk.domain.tickets.lifecycle import create_ticket
    from servicedesk.models.base import utcnow

    def work(db):
        from servicedesk.models import Queue

        # The queues' round-robin positions are put back afterwards, so that these cases
        # do not change who the other browser tests' new cases go to.
        positions = {q.id: q.last_assigned_user_id for q in db.session.scalars(select(Queue))}
        employee = demo_user(db, "anstalld")
        made = [
            create_ticket(
                requester=employee,
                actor=employee,
                title=f"{word} skrivaren {i} skriver ut tomma sidor på plan två i stadshuset",
                description="Alla sidor blir tomma.",
                now=utcnow(),
            )
            for i in range(n)
        ]
        db.session.flush()
        for queue in db.session.scalars(select(Queue)):
            queue.last_assigned_user_id = positions[queue.id]
        return [(t.id, t.reference) for t in made]

    return in_app(live_server, work)


def _assignees(live_server, ids: list[int]) -> dict[int, str | None]:
    from servicedesk.models import Ticket

    def work(db):
        rows = db.session.scalars(select(Ticket).where(Ticket.id.in_(ids)))
        return {t.id: t.assignee.email if t.assignee else None for t in rows}

    return in_app(live_server, work)


def test_bulk_claim_of_three_with_one_changed_since_the_list_was_shown(page, live_server):
    word = f"Bulk{uuid4().hex[:6]}"
    cases = _file_cases(live_server, word, 3)
    before = _assignees(live_server, [c[0] for c in cases])  # the queue may auto-assign
    login(page, live_server, "agent")
    page.goto(live_server(f"/desk/tickets?q={word}"))
    for _, reference in cases:
        page.get_by_label(re.compile(f"Markera {reference}")).check()
    expect(page.locator("[data-selected-count]")).to_have_text("(Markerade: 3)")

    # Another agent changes the second case while the list is on the screen.
    changed_id, changed_ref = cases[1]

    def someone_else(db):
        from servicedesk.domain.tickets.lifecycle import change_status
        from servicedesk.models import Status, Ticket
        from servicedesk.models.base import utcnow

        change_status(
            db.session.get(Ticket, changed_id), demo_user(db, "agent2"), Status.OPEN, now=utcnow()
        )

    in_app(live_server, someone_else)

    page.select_option("#action", "claim")
    page.get_by_role("button", name="Utför på markerade ärenden").click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_have_text(
        f"2 ärenden uppdaterade, 1 nekat: {changed_ref} har ändrats av någon annan sedan "
        "listan visades"
    )
    owners = _assignees(live_server, [c[0] for c in cases])
    assert owners == {
        cases[0][0]: "agent@tanum.example",
        changed_id: before[changed_id],
        cases[2][0]: "agent@tanum.example",
    }


def test_a_saved_view_opens_again_with_its_filters_columns_and_page_size(page, live_server):
    login(page, live_server, "agent")
    page.goto(live_server("/desk/tickets?status=all&sort=newest&per_page=50"))
    page.get_by_text("Kolumner", exact=True).click()
    page.get_by_label("Registrerat", exact=True).uncheck()
    page.get_by_label("Kö", exact=True).last.check()
    page.get_by_role("button", name="Visa kolumnerna").click()
    page.wait_for_load_state()
    headers = page.locator("table.queue-table thead th").all_inner_texts()
    assert "Registrerat" not in headers and headers[-1] == "Kö"

    name = f"Nyaste {uuid4().hex[:4]}"
    page.get_by_text("Spara som vy", exact=True).click()
    page.fill("#new-name", name)
    page.get_by_role("button", name="Spara vyn").click()
    page.wait_for_load_state()
    expect(page.locator(".flash-success")).to_have_text(f"Vyn {name} är sparad.")
    assert re.search(r"[?&]view=\d+$", page.url)
    bookmark = page.url

    page.goto(live_server("/desk/tickets"))
    headers = page.locator("table.queue-table thead th").all_inner_texts()
    assert "Registrerat" in [h.split("\n")[0] for h in headers]  # a sorting header says more
    page.get_by_role("navigation", name="Sparade vyer").get_by_role("link", name=name).click()
    page.wait_for_load_state()
    assert page.url == bookmark
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("#f-status")).to_have_value("all")
    expect(page.locator("#f-sort")).to_have_value("newest")
    expect(page.locator("#f-per-page")).to_have_value("50")
    headers = page.locator("table.queue-table thead th").all_inner_texts()
    assert "Registrerat" not in headers and headers[-1] == "Kö"


@pytest.mark.parametrize("width", [1366, 320])
def test_the_list_has_no_sideways_scroll(browser, live_server, width):
    _file_cases(live_server, f"Bred{uuid4().hex[:4]}", 1)  # one long title at least
    ctx = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
    page = ctx.new_page()
    try:
        login(page, live_server, "admin")
        page.goto(live_server("/desk/tickets?per_page=100"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        title = page.locator("table.queue-table td.col-title .clip").first
        full = title.get_attribute("title")
        assert title.inner_text() == full  # the whole subject is in the page
        if width == 1366:
            # One line per case: rows as high as one line of text, the subject cut.
            heights = page.locator("table.queue-table tbody tr").evaluate_all(
                "rows => rows.map(r => r.getBoundingClientRect().height)"
            )
            assert max(heights) < 48, heights
            long_title = page.locator(
                "table.queue-table td.col-title .clip", has_text="stadshuset"
            ).first
            assert long_title.evaluate("e => e.scrollWidth > e.clientWidth")
    finally:
        ctx.close()


def test_rows_are_selected_with_the_keyboard(page, live_server):
    word = f"Tangent{uuid4().hex[:6]}"
    [(_, reference), _second] = _file_cases(live_server, word, 2)
    login(page, live_server, "agent")
    page.goto(live_server(f"/desk/tickets?q={word}&sort=oldest"))
    page.locator("body").focus()
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.get_by_label(re.compile(f"Markera {reference}"))).to_be_checked()
    expect(page.locator("[data-selected-count]")).to_have_text("(Markerade: 1)")
    page.keyboard.press("x")
    expect(page.get_by_label(re.compile(f"Markera {reference}"))).not_to_be_checked()
