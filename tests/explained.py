"""Stored explanations (code + parameters) as a Swedish reader sees them, for tests that
check the words: inside the test's app, or a small app of its own for pure unit tests."""

from __future__ import annotations

from functools import cache

from flask import has_app_context
from flask_babel import force_locale

from servicedesk.domain.explanations import with_note


@cache
def _app():
    from config import TestingConfig
    from servicedesk import create_app

    return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://")


def swedish(explanation, note: str = "") -> str:
    if not has_app_context():
        with _app().app_context():
            return swedish(explanation, note)
    with force_locale("sv"):
        return with_note(explanation, note)


def route_reason(ticket) -> str:
    """The ticket's "why this queue" in Swedish."""
    return swedish(ticket.route_explanation, ticket.route_reason)
