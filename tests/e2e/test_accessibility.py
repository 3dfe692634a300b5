"""Every main page passes axe-core (WCAG 2.1 A/AA, no serious or critical violation), at
normal size and at 200 % zoom, where the portal must reflow without sideways scrolling."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_violations, first_link, login, screenshot
from tests.e2e.pages import PAGES, PORTAL_PAGES

pytestmark = pytest.mark.e2e
IDS = [p[0] for p in PAGES]


@pytest.fixture(scope="module")
def sessions(browser, live_server):
    """Each demo user's logged-in cookies, logged in once for the module (faster)."""
    states: dict[str, dict] = {}

    def state_of(who: str) -> dict:
        if who not in states:
            ctx = browser.new_context(locale="sv-SE")
            login(ctx.new_page(), live_server, who)
            states[who] = ctx.storage_state()
            ctx.close()
        return states[who]

    return state_of


def _open(browser, sessions, live_server, who, target, **options):
    ctx = browser.new_context(
        locale="sv-SE",
        bypass_csp=True,  # only so axe-core can be injected
        storage_state=sessions(who) if who else None,
        **options,
    )
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    if callable(target):
        path = target(live_server)
    elif target.startswith("first:"):
        _, where, selector = target.split(":", 2)
        path = first_link(page, live_server, where, selector)
    else:
        path = target
    response = page.goto(live_server(path) if path.startswith("/") else path)
    assert response.status == 200, path
    assert who is None or "/login" not in page.url, f"{who} is not logged in"
    return page


@pytest.mark.parametrize(("name", "who", "target"), PAGES, ids=IDS)
def test_page_has_no_serious_axe_violations_at_100_and_200_percent(
    browser, sessions, live_server, name, who, target
):
    """At 1280 × 900 CSS px, then at 200 % zoom the way a browser does it: a 1280 px
    window at 200 % lays out 640 CSS px (the page is laid out again at that width; the
    device pixel ratio changes only the sharpness, not the layout). The portal pages must
    then reflow without sideways scrolling."""
    page = _open(
        browser, sessions, live_server, who, target, viewport={"width": 1280, "height": 900}
    )
    try:
        screenshot(page, name)
        assert axe_violations(page) == [], "at 100 %"
        page.set_viewport_size({"width": 640, "height": 450})
        screenshot(page, f"{name}-zoom200")
        assert axe_violations(page) == [], "at 200 %"
        if name in PORTAL_PAGES:
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 200 %"
    finally:
        page.context.close()
