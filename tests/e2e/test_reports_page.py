"""The IT manager's report in a real browser (issue 16): the summary tiles come first at
1366 and 390 px, the charts are drawn and resize, the page does not scroll sideways at
320 px even with every section open, and axe finds nothing serious at 100 % and 200 %."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login, screenshot

pytestmark = pytest.mark.e2e
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _report(browser, live_server, width: int, height: int = 900):
    ctx = browser.new_context(
        locale="sv-SE", viewport={"width": width, "height": height}, bypass_csp=True
    )
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    login(page, live_server, "itchef")
    page.goto(live_server("/reports/?preset=this_month"))
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_the_summary_tiles_are_what_the_manager_sees_first(browser, live_server, width, height):
    page = _report(browser, live_server, width, height)
    try:
        tiles = page.locator("ul.kpis > li.kpi")
        expect(tiles).to_have_count(5)
        expect(tiles.first).to_be_in_viewport()
        expect(tiles.first.locator(".kpi-value")).to_be_visible()
        # nothing but the heading, the period picker and one line comes before them
        first_table = page.locator("main table").first.bounding_box()
        assert tiles.first.bounding_box()["y"] < first_table["y"] or not first_table
        for name in ("trend", "weeks", "compliance", "backlog"):
            canvas = page.locator(f"canvas[data-chart='chart-{name}-data']")
            assert canvas.evaluate("c => c.width > 0 && c.getContext('2d') !== null"), name
            assert canvas.bounding_box()["width"] <= width
        assert page.evaluate("() => document.documentElement.scrollHeight") < 4 * 1366
        screenshot(page, f"reports-summary-{width}")
    finally:
        page.context.close()


def test_table_of_contents_opens_its_section(browser, live_server):
    page = _report(browser, live_server, 1366)
    try:
        section = page.locator("#sec-weeks")
        expect(section).not_to_have_attribute("open", "")
        page.locator(".report-toc a[href='#sec-weeks']").click()
        expect(section).to_have_attribute("open", "")
        expect(section.locator("tbody th").first).to_contain_text("v. ")
    finally:
        page.context.close()


def test_no_sideways_scrolling_at_320_px_with_every_section_open(browser, live_server):
    page = _report(browser, live_server, 320)
    try:
        assert page.evaluate(OVERFLOW) <= 0
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        assert page.evaluate(OVERFLOW) <= 0, "a table widens the page instead of scrolling"
        screenshot(page, "reports-320-open")
    finally:
        page.context.close()


def test_no_serious_axe_violations_at_100_and_200_percent_with_sections_open(browser, live_server):
    page = _report(browser, live_server, 1280)
    try:
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        assert axe_violations(page) == [], "at 100 %"
        page.set_viewport_size({"width": 640, "height": 450})  # 200 % of 1280 px
        assert axe_violations(page) == [], "at 200 %"
        assert page.evaluate(OVERFLOW) <= 0
    finally:
        page.context.close()
