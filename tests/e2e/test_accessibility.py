"""Every main page passes axe-core (WCAG 2.1 A/AA, no serious or critical violation), at
normal size and at 200 % zoom, where the portal must reflow without sideways scrolling."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_violations, first_link, login, screenshot

pytestmark = pytest.mark.e2e

# name, who logs in (None = anonymous), path or a function of (page, server) giving one.
PAGES = [
    ("login", None, "/login"),
    ("accessibility-statement", None, "/tillganglighet"),
    ("portal-home", "anstalld", "/portal/"),
    ("portal-new-case", "anstalld", "/portal/new"),
    (
        "portal-ticket",
        "anstalld",
        lambda page, srv: first_link(page, srv, "/portal/", "table.list tbody a"),
    ),
    ("accessibility-statement-logged-in", "anstalld", "/tillganglighet"),
    ("desk-dashboard", "agent", "/desk/"),
    ("desk-ticket-list", "agent", "/desk/tickets"),
    (
        "desk-ticket",
        "agent",
        lambda page, srv: first_link(page, srv, "/desk/tickets", "table.tickets tbody a"),
    ),
    ("desk-phone-call", "agent", "/desk/phone"),
    ("shortcuts-help", "agent", "/help/shortcuts"),
]
PORTAL_PAGES = {
    "login",
    "accessibility-statement",
    "portal-home",
    "portal-new-case",
    "portal-ticket",
}


def _open(page, live_server, who, target) -> None:
    if who:
        login(page, live_server, who)
    path = target(page, live_server) if callable(target) else target
    response = page.goto(live_server(path) if path.startswith("/") else path)
    assert response.status == 200, path


@pytest.mark.parametrize(("name", "who", "target"), PAGES, ids=[p[0] for p in PAGES])
def test_page_has_no_serious_axe_violations(page, live_server, name, who, target):
    _open(page, live_server, who, target)
    screenshot(page, name)
    assert axe_violations(page) == []


@pytest.fixture
def zoomed(browser):
    """200 % zoom as the browser does it: a 1280 px window at 200 % lays out 640 CSS px,
    drawn with two device pixels per CSS pixel."""
    ctx = browser.new_context(
        locale="sv-SE",
        viewport={"width": 640, "height": 450},
        device_scale_factor=2,
        bypass_csp=True,
    )
    ctx.set_default_timeout(10_000)
    yield ctx.new_page()
    ctx.close()


@pytest.mark.parametrize(("name", "who", "target"), PAGES, ids=[p[0] for p in PAGES])
def test_page_at_200_percent_zoom(zoomed, live_server, name, who, target):
    _open(zoomed, live_server, who, target)
    screenshot(zoomed, f"{name}-zoom200")
    assert axe_violations(zoomed) == []
    if name in PORTAL_PAGES:
        overflow = zoomed.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 200 %"
