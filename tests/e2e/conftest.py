"""A live server and a real browser for the end-to-end tests.

The app runs in a thread on 127.0.0.1 (werkzeug's server) against its own SQLite file,
built with the real migrations and loaded with a small set of demo data. The browser is
Debian's Chromium driven by Playwright (never Playwright's own browser download). In CI
(CI=true) a missing browser fails the tests; elsewhere they are skipped.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from config import TestingConfig
from servicedesk.demo.org import DEMO_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"end-to-end tests need a browser in CI: {reason}")
    pytest.skip(reason)


@dataclass
class LiveServer:
    url: str
    app: object

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from servicedesk import create_app
    from servicedesk.demo import load_demo
    from servicedesk.infra.extensions import db
    from servicedesk.infra.migrations import init_migrations

    folder = tmp_path_factory.mktemp("e2e")
    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'e2e.db'}",
        ATTACHMENT_DIR=str(folder / "attachments"),
        MAIL_SUPPRESS_SEND=True,
        TESTING=False,
    )
    init_migrations(app)
    with app.app_context():
        upgrade()
        load_demo(ticket_count=12)
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile per test. CSP is bypassed only so axe-core can be injected."""
    ctx = browser.new_context(
        locale="sv-SE",
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
    )
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


def login(page, live_server: LiveServer, who: str) -> None:
    """Log in as a demo user by e-mail local part (e.g. 'anstalld', 'agent')."""
    page.goto(live_server("/login"))
    page.fill("#email", f"{who}@tanum.example")
    page.fill("#password", DEMO_PASSWORD)
    page.click("main [type=submit]")
    page.wait_for_load_state()
    assert "/login" not in page.url, f"login as {who} failed"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations under the WCAG 2.1 A/AA tags."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
            "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def first_link(page, live_server: LiveServer, path: str, selector: str) -> str:
    """The href of the first row link on a list page (a ticket to visit)."""
    page.goto(live_server(path))
    return page.locator(selector).first.get_attribute("href")


def in_app(live_server, work):
    """Run `work(db)` inside the live server's app context and commit: another person's
    change, made while the browser shows a page."""
    from servicedesk.infra.extensions import db

    with live_server.app.app_context():
        try:
            result = work(db)
            db.session.commit()
            return result
        finally:
            db.session.remove()


def demo_user(db, local: str):
    """The demo user `<local>@tanum.example`."""
    from servicedesk.models import User

    return db.session.scalar(db.select(User).filter_by(email=f"{local}@tanum.example"))
