"""Swedish pages show no English UI words and English pages no Swedish ones, for every role.

Every page reachable from the navigation (to depth 2, one detail page per kind) is
rendered in Swedish and in English for each role of the demo data. The cases are cut by
area so a failure names the page's owner; areas that other work is changing right now are
marked xfail (not strict) until it is merged.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from flask import url_for

from config import TestingConfig
from servicedesk import create_app
from servicedesk.demo import load_demo
from servicedesk.demo.org import DEMO_PASSWORD
from servicedesk.infra.extensions import db
from servicedesk.models import User
from servicedesk.web.nav import nav_for
from tests.conftest import NOW, IsolatedClient, csrf_token
from tests.web.language_crawl import crawl, page_text, words_found

# English UI words that must not be on a Swedish page.
ENGLISH = [
    "Please",
    "log in",
    "sign in",
    "successful",
    "Successful",
    "pre-approved",
    "Error",
    "Save",
    "Cancel",
    "Search",
    "Submit",
    "Delete",
    "Edit",
    "Back",
    "Next",
    "Previous",
    "Name",
    "Description",
    "Queue",
    "Ticket",
    "Tickets",
    "Changes",
    "Settings",
    "Reports",
    "Required",
    "required",
    "Open",
    "Closed",
    "Resolved",
    "Pending",
    "Waiting",
    "Priority",
    "Assignee",
    "Requester",
    "hours",
    "minutes",
    "working day",
    "working days",
    "Week",
    "Monday",
    "January",
    "Yes",
    "None",
    "True",
    "False",
    "Connection",
    "refused",
]
# Swedish UI words that must not be on an English page.
SWEDISH = [
    "Ärende",
    "ärende",
    "ärenden",
    "Ärenden",
    "Överlämnad",
    "Återöppnad",
    "Väntar",
    "väntar",
    "Åtgärdad",
    "arbetsdag",
    "arbetsdagar",
    "Spara",
    "Avbryt",
    "Sök",
    "Skicka",
    "Ändra",
    "Tillbaka",
    "Nästa",
    "Föregående",
    "Namn",
    "Beskrivning",
    "Kö",
    "Handläggare",
    "Anmälare",
    "Prioritet",
    "Stängd",
    "Löst",
    "Pågående",
    "tim",
    "kvar",
    "Vecka",
    "måndag",
    "januari",
    "Fel",
    "Logga",
]
OTHER_LANGUAGE = {"sv": ENGLISH, "en": SWEDISH}

ROLES = {
    "anonymous": None,
    "employee": "anstalld",
    "agent": "agent",
    "queue_lead": "buf.support",
    "admin": "admin",
    "manager": "itchef",
    "systemforvaltare": "forvaltare.ekonomi",
}
# area of a page: (path pattern, owner while other work is in flight, or None = this one)
AREAS = [
    ("desk_ticket", r"^/desk/tickets/\d+", "ws"),
    ("queue", r"^/desk/tickets", "queue"),
    ("phone", r"^/desk/phone", "find"),
    ("search", r"^/desk/find|^/find|^/search", "find"),
    ("desk", r"^/desk", "ws"),
    ("portal", r"^/portal", "portal"),
    ("reports", r"^/reports", "reports"),
    ("admin", r"^/admin", None),
    ("changes", r"^/changes|^/problems", None),
    ("front", r"^/help|^/tillganglighet|^/profile|^/tokens|^/login|^/$", None),
]


def area_of(path: str) -> str:
    for name, pattern, _owner in AREAS:
        if re.search(pattern, path):
            return name
    return "front"


@cache
def _demo_app():
    import tempfile

    folder = tempfile.mkdtemp(prefix="both-languages-")
    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/demo.db",
        ATTACHMENT_DIR=f"{folder}/attachments",
    )
    with app.app_context():
        db.create_all()
        load_demo(ticket_count=40, now=NOW)
        db.session.commit()
        db.session.remove()
    app.test_client_class = IsolatedClient
    return app


@cache
def pages_for(role: str, locale: str) -> dict[str, str]:
    """Path → HTML of every page the role reaches, rendered in `locale`."""
    app = _demo_app()
    if ROLES[role] is None:  # the sign-in page, the statement, and the way back from a wall
        with app.app_context():
            client = app.test_client()
            if locale == "en":
                client.post("/language", data={"csrf_token": csrf_token(client), "lang": "en"})
            found = crawl(client, ["/login", "/tillganglighet", "/desk/", "/admin/users"])
            db.session.remove()
        return found
    email = f"{ROLES[role]}@tanum.example"
    with app.app_context():
        person = db.session.query(User).filter_by(email=email).one()
        person.locale = locale
        db.session.commit()
        client = app.test_client()
        client.post(
            "/login",
            data={"csrf_token": csrf_token(client), "email": email, "password": DEMO_PASSWORD},
        )
        with app.test_request_context():
            person = db.session.get(User, person.id)
            starts = [url_for(item.endpoint) for item in nav_for(person)]
        starts += ["/tillganglighet", "/help/shortcuts"]
        found = crawl(client, starts)
        db.session.remove()
    return found


def _cases():
    for role in ROLES:
        for locale in ("sv", "en"):
            for name, _pattern, owner in AREAS:
                marks = []
                if owner:
                    marks.append(
                        pytest.mark.xfail(strict=False, reason=f"owned by {owner}; merged later")
                    )
                yield pytest.param(role, locale, name, marks=marks, id=f"{role}-{locale}-{name}")


@pytest.mark.parametrize(("role", "locale", "area"), list(_cases()))
def test_pages_speak_one_language(role, locale, area):
    pages = pages_for(role, locale)
    assert pages, f"{role} reached no page"
    findings = {}
    for path, html in pages.items():
        if area_of(path) != area:
            continue
        assert f'<html lang="{locale}"' in html, path
        text, _links = page_text(html, locale)
        wrong = words_found(text, OTHER_LANGUAGE[locale])
        if wrong:
            findings[path] = wrong
    assert not findings, f"{locale} pages with words of the other language: {findings}"


def test_the_crawl_reaches_every_area_of_the_admin():
    """The crawler is worth its name: the admin reaches lists and their first detail pages."""
    reached = {area_of(path) for path in pages_for("admin", "sv")}
    assert {"admin", "changes", "front", "queue", "desk_ticket", "reports"} <= reached
    paths = set(pages_for("admin", "sv"))
    assert any(re.match(r"^/changes/\d+$", p) for p in paths)
    assert any(re.match(r"^/admin/users/\d+$", p) for p in paths)
