"""The change flow and the manager's report in a real browser: an agent drafts a change
to Ekonomisystemet, is stopped at submission until risk and consequence are written, asks
for approval and the system's förvaltare approves; the IT manager reads the SLA report,
drills down from a figure to its tickets and downloads a table as CSV."""

from __future__ import annotations

import re
from pathlib import Path
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.e2e

RISK_FIELDS = ("risk_likelihood", "risk_impact", "risk_text", "consequence")


def _save(page) -> None:
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()


def _act(page, target: str) -> None:
    """Press the change page's button for a transition (language-independent)."""
    page.locator(f"form:has(input[name=target][value={target}]) button").click()
    page.wait_for_load_state()


def _draft_without_risk(page, live_server, title: str) -> None:
    page.goto(live_server("/changes/new"))
    page.fill("#title", title)
    page.fill("#description", "Nytt attestflöde för leverantörsfakturor.")
    page.fill("#reason", "Ekonomienheten vill att två personer attesterar över 50 000 kr.")
    page.fill("#expected_benefit", "Färre felaktiga utbetalningar.")
    page.select_option("#services", label="Ekonomisystemet")
    page.fill("#planned_start", "2026-12-15T18:00")
    page.fill("#planned_end", "2026-12-15T20:00")
    page.fill("#implementation_plan", "Ändra attestregeln i testmiljön, sedan i produktion.")
    page.fill("#backout_plan", "Återställ den gamla regeln.")
    page.fill("#test_plan", "Ekonomen testar en faktura över och en under gränsen.")
    page.fill("#cost_one_off", "0")
    page.fill("#cost_yearly", "0")
    _save(page)
    expect(page.locator(".flash-success")).to_contain_text("sparad")
    expect(page.locator(".badge.change-draft")).to_be_visible()


def _refused_then_completed(page) -> None:
    """Submitting without risk and consequence leads to the form with the errors by the
    fields; filling them in makes the submission go through."""
    _act(page, "submitted")
    expect(page.locator(".flash-error")).to_be_visible()
    for name in RISK_FIELDS:
        control = page.locator(f"#{name}")
        expect(control).to_have_attribute("aria-invalid", "true")
        assert f"{name}-err" in (control.get_attribute("aria-describedby") or "").split()
        expect(page.locator(f"#{name}-err")).to_contain_text("innan ändringen kan skickas in")
    screenshot(page, "flow-change-refused-without-risk")
    page.select_option("#risk_likelihood", "2")
    page.select_option("#risk_impact", "2")
    page.fill("#risk_text", "Fel regel kan stoppa alla utbetalningar; testas först.")
    page.fill("#consequence", "Attestanterna får en extra signering; ingen annan påverkan.")
    _save(page)
    _act(page, "submitted")
    expect(page.locator(".badge.change-submitted")).to_be_visible()


def test_change_is_drafted_refused_completed_submitted_and_approved(browser, live_server):
    title = f"Dubbel attest i Ekonomisystemet {uuid4().hex[:6]}"
    agent = browser.new_context(locale="sv-SE").new_page()
    login(agent, live_server, "agent")
    _draft_without_risk(agent, live_server, title)
    change_url = agent.url
    _refused_then_completed(agent)
    _act(agent, "assessment")
    _act(agent, "awaiting_approval")
    expect(agent.locator(".badge.change-awaiting_approval")).to_be_visible()
    approvals = agent.locator("#approvals table")
    expect(approvals).to_contain_text("Fredrik Förvaltare")
    expect(approvals).to_contain_text("Väntar")
    screenshot(agent, "flow-change-awaiting-approval")
    agent.context.close()

    owner = browser.new_context(locale="sv-SE").new_page()
    login(owner, live_server, "forvaltare.ekonomi")
    owner.goto(change_url)
    expect(owner.locator("h1")).to_contain_text(title)
    owner.select_option("#decision", "approved")
    owner.fill("#comment", "Bra, vi har testat i testmiljön.")
    owner.locator("form[action$='/decide'] [type=submit]").click()
    owner.wait_for_load_state()
    expect(owner.locator(".flash-success")).to_be_visible()
    expect(owner.locator("dl.facts .badge.change-approved")).to_be_visible()
    expect(owner.locator("#approvals table")).to_contain_text("Bra, vi har testat")
    screenshot(owner, "flow-change-approved")
    owner.context.close()


def _drill_down_to_listed_tickets(page, table) -> str:
    """Click each service's first figure until one lists its tickets (the manager may not
    open tickets of confidential services: those are counted but not listed). Every
    drill-down must account for the figure clicked. Returns the listed service's name."""
    for i in range(table.locator("tbody tr").count()):
        row = table.locator("tbody tr").nth(i)
        figure = row.locator("td a").first
        count, service = int(figure.inner_text()), row.locator("th").inner_text()
        figure.click()
        page.wait_for_load_state()
        assert "/reports/tickets" in page.url
        cases = "ärende" if count == 1 else "ärenden"
        expect(page.locator(".summary")).to_contain_text(f"{count} {cases} bakom siffran")
        listed = page.locator("table.tickets tbody tr:has(a)")
        if listed.count():
            summary = page.locator(".summary").inner_text()
            hidden = int(m.group(1)) if (m := re.search(r"(\d+) av dem visas inte", summary)) else 0
            assert listed.count() + hidden == count
            for j in range(listed.count()):
                expect(listed.nth(j)).to_contain_text(service)
            return service
        page.go_back()
    raise AssertionError("no figure in the compliance table lists any ticket")


def test_manager_reads_report_drills_down_and_downloads_csv(browser, live_server):
    page = browser.new_context(locale="sv-SE", accept_downloads=True).new_page()
    login(page, live_server, "itchef")
    page.goto(live_server("/reports/"))
    page.select_option("#preset", "last_month")
    page.locator("form.filters [type=submit]").click()
    page.wait_for_load_state()
    assert "preset=last_month" in page.url

    chart = page.locator("canvas[data-chart='chart-compliance-data']")
    expect(chart).to_have_attribute("aria-label", re.compile("i tid per tjänst"))
    assert chart.evaluate("c => c.width > 0 && c.getContext('2d') !== null")
    page.locator("#sec-compliance > summary").click()  # the detail tables are in sections
    table = page.locator("#table-compliance-service")
    expect(table.locator("thead th").first).to_be_visible()
    rows = table.locator("tbody tr")
    assert rows.count() >= 1
    screenshot(page, "flow-report")

    service = _drill_down_to_listed_tickets(page, table)
    screenshot(page, "flow-report-drill-down")

    page.go_back()
    if page.locator("#sec-compliance[open]").count() == 0:
        page.locator("#sec-compliance > summary").click()
    with page.expect_download() as info:
        table.locator("caption a.csv").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), data[:10]
    text = data.decode("utf-8-sig")
    assert any(ch in text for ch in "åäöÅÄÖ"), text[:200]
    assert service in text
    page.context.close()
