"""The staff ticket page in a real browser: the one-save side panel (errors by the fields,
a stale save refused with the form kept), the reply/internal-note tabs (a note never
reaches the requester: page and outbox), axe, and no sideways scrolling."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, demo_user, in_app, login

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots/ws")


def new_case(live_server, title: str) -> int:
    """A fresh, unassigned case of the employee's in the central desk's queue (the demo
    agent's; its round-robin hand-out is taken back so that anyone may claim it)."""
    from servicedesk.domain.tickets.lifecycle import assign_ticket, create_ticket
    from servicedesk.models import Service
    from servicedesk.models.base import utcnow

    def work(db):
        employee = demo_user(db, "anstalld")
        service = db.session.scalar(db.select(Service).filter_by(name_sv="E-post och kalender"))
        ticket = create_ticket(
            requester=employee,
            actor=employee,
            title=title,
            description="Brevlådan är full.",
            service=service,
            now=utcnow(),
        )
        assign_ticket(ticket, demo_user(db, "admin"), None, now=utcnow())
        return ticket.id

    return in_app(live_server, work)


def _ticket(live_server, ticket_id: int) -> dict:
    from servicedesk.domain.tickets.edit import tags_of
    from servicedesk.models import Ticket

    def work(db):
        t = db.session.get(Ticket, ticket_id)
        return {
            "status": t.status,
            "pending_reason": t.pending_reason,
            "assignee": t.assignee.email if t.assignee else None,
            "impact": t.impact,
            "tags": tags_of(t),
            "version": t.version,
        }

    return in_app(live_server, work)


def _sideways(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _save(page) -> None:
    page.locator("#ticket-panel [type=submit]").click()
    page.wait_for_load_state()


def test_one_save_with_errors_by_the_fields_then_every_change_at_once(page, live_server):
    ticket_id = new_case(live_server, f"Brevlådan full {uuid4().hex[:6]}")
    login(page, live_server, "agent")
    page.goto(live_server(f"/desk/tickets/{ticket_id}"))
    assert page.locator("#status option").all_inner_texts() == ["Ny", "Pågående", "Väntar"]

    page.select_option("#status", "pending")
    page.select_option("#queue", label="BUF support")
    page.fill("#tags", "skrivare, vip")
    _save(page)
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#pending_reason-err")).to_be_visible()
    expect(page.locator("#transfer_reason-err")).to_be_visible()
    assert page.locator("#pending_reason").get_attribute("aria-invalid") == "true"
    # What the agent chose is kept; nothing was saved.
    assert page.locator("#status").input_value() == "pending"
    assert page.locator("#tags").input_value() == "skrivare, vip"
    assert _ticket(live_server, ticket_id)["status"] == "new"
    summary.locator("a[href='#pending_reason']").click()
    expect(page.locator("#pending_reason")).to_be_focused()

    page.select_option("#queue", label="Servicedesk (IT-enheten)")
    page.select_option("#pending_reason", "requester")
    page.select_option("#assignee", label="Anders Agent")
    page.select_option("#impact", "2")
    _save(page)
    expect(page.locator(".flash-success")).to_have_text("Sparat.")
    saved = _ticket(live_server, ticket_id)
    assert saved["status"] == "pending" and saved["pending_reason"] == "requester"
    assert saved["assignee"] == "agent@tanum.example" and saved["impact"] == 2
    assert saved["tags"] == ["skrivare", "vip"]
    history = page.locator("table.history tbody")
    for what in ("Handläggare", "Påverkan", "Väntar"):
        expect(history).to_contain_text(what)


def test_a_stale_save_is_refused_with_the_form_kept(browser, live_server):
    ticket_id = new_case(live_server, f"Skrivaren {uuid4().hex[:6]}")
    page = browser.new_context(locale="sv-SE").new_page()
    login(page, live_server, "agent")
    page.goto(live_server(f"/desk/tickets/{ticket_id}"))
    page.select_option("#impact", "1")
    page.fill("#tags", "akut")

    # Meanwhile a colleague takes the case in a session of their own.
    other = browser.new_context(locale="sv-SE").new_page()
    login(other, live_server, "admin")
    other.goto(live_server(f"/desk/tickets/{ticket_id}"))
    other.locator("form[data-claim] [type=submit]").click()
    other.wait_for_load_state()
    before = _ticket(live_server, ticket_id)
    assert before["assignee"] == "admin@tanum.example"

    _save(page)
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("Någon annan ändrade ärendet")
    assert page.locator("#impact").input_value() == "1"
    assert page.locator("#tags").input_value() == "akut"
    expect(page.locator(".facts")).to_contain_text("Alva Admin")  # their change is shown
    # ... also in the field the agent left alone, so saving again does not undo it
    expect(page.locator("#assignee option:checked")).to_have_text("Alva Admin")
    assert _ticket(live_server, ticket_id) == before  # nothing of the stale save landed
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(SHOTS / "after-stale-1366.png"), full_page=True)
    page.context.close()
    other.context.close()


def test_reply_and_internal_note_tabs_and_the_note_never_reaches_the_requester(
    browser, live_server
):
    from servicedesk.models import OutboxMessage

    ticket_id = new_case(live_server, f"Lösenord {uuid4().hex[:6]}")
    secret = f"Hemlig notering {uuid4().hex[:6]}"
    public = f"Prova att logga in igen {uuid4().hex[:6]}"
    agent = browser.new_context(locale="sv-SE").new_page()
    login(agent, live_server, "agent")
    agent.goto(live_server(f"/desk/tickets/{ticket_id}"))
    reply_tab = agent.get_by_label("Svara anmälaren")
    note_tab = agent.get_by_label("Intern anteckning")
    expect(reply_tab).to_be_checked()  # the central desk's queue starts on a reply
    expect(agent.locator(".composer-audience-internal")).to_be_hidden()
    reply_tab.focus()
    agent.keyboard.press("ArrowRight")  # the keyboard moves between the two tabs
    expect(note_tab).to_be_checked()
    expect(agent.locator(".composer-audience-internal")).to_contain_text("Syns bara för personal")
    background = agent.locator("#composer").evaluate("f => getComputedStyle(f).backgroundColor")
    assert background == "rgb(255, 248, 230)"  # the note is visibly different
    SHOTS.mkdir(parents=True, exist_ok=True)
    agent.screenshot(path=str(SHOTS / "after-note-tab-1366.png"), full_page=True)
    agent.fill("#reply-body", secret)
    agent.locator("#composer input#submit").click()
    agent.wait_for_load_state()
    expect(agent.locator(".flash-success")).to_have_text("Den interna anteckningen är sparad.")
    expect(agent.locator(".comment.internal")).to_contain_text(secret)

    agent.get_by_label("Svara anmälaren").check()
    agent.fill("#reply-body", public)
    agent.locator("#composer input#submit").click()
    agent.wait_for_load_state()
    expect(agent.locator(".flash-success")).to_have_text("Svaret är skickat.")

    employee = browser.new_context(locale="sv-SE").new_page()
    login(employee, live_server, "anstalld")
    employee.goto(live_server(f"/portal/tickets/{ticket_id}"))
    expect(employee.locator("#conversation")).to_contain_text(public)
    expect(employee.locator("body")).not_to_contain_text(secret)

    def mails(db):
        rows = db.session.scalars(db.select(OutboxMessage).filter_by(ticket_id=ticket_id))
        return [(m.to_address, m.body_text + (m.body_html or "")) for m in rows]

    sent = in_app(live_server, mails)
    assert any(public in body for _to, body in sent)  # the reply did go out by mail
    assert not any(secret in body for _to, body in sent)
    agent.context.close()
    employee.context.close()


def test_queue_setting_starts_the_composer_on_internal_note(page, live_server):
    from servicedesk.models import Queue, Ticket

    ticket_id = new_case(live_server, f"Leverantör {uuid4().hex[:6]}")

    def set_default(on: bool):
        def work(db):
            db.session.get(Ticket, ticket_id).queue.default_internal_note = on

        in_app(live_server, work)

    set_default(True)
    try:
        login(page, live_server, "agent")
        page.goto(live_server(f"/desk/tickets/{ticket_id}"))
        expect(page.get_by_label("Intern anteckning")).to_be_checked()
        expect(page.locator(".composer-audience-internal")).to_be_visible()
    finally:
        set_default(False)
    assert Queue.default_internal_note is not None


def test_ticket_page_axe_and_no_sideways_scrolling(page, live_server):
    ticket_id = new_case(live_server, f"Kan inte skriva ut på plan 3 {uuid4().hex[:6]}")
    login(page, live_server, "agent")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server(f"/desk/tickets/{ticket_id}"))
        assert _sideways(page) <= 0, f"scrolls sideways at {width} px"
        if width != 320:
            page.screenshot(path=str(SHOTS / f"after-{width}.png"), full_page=True)
            page.screenshot(path=str(SHOTS / f"after-{width}-top.png"))
        violations = axe_violations(page)
        assert violations == [], violations
    # On a phone the side panel comes before the history.
    side = page.locator(".ws-side").bounding_box()
    history = page.locator("#history-h").bounding_box()
    assert side["y"] < history["y"]
    # With errors shown, still no violation and no sideways scrolling.
    page.select_option("#status", "pending")
    _save(page)
    assert _sideways(page) <= 0
    assert axe_violations(page) == []


def test_claim_is_one_key(page, live_server):
    ticket_id = new_case(live_server, f"Tangent {uuid4().hex[:6]}")
    login(page, live_server, "agent")
    page.goto(live_server(f"/desk/tickets/{ticket_id}"))
    page.locator("body").press("c")
    page.wait_for_load_state()
    expect(page.locator(".flash-success")).to_have_text("Du hanterar nu ärendet.")
    assert _ticket(live_server, ticket_id)["assignee"] == "agent@tanum.example"
