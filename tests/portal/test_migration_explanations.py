"""Migration 0018: the Swedish sentences the system stored become codes with parameters."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from config import TestingConfig
from servicedesk import create_app
from servicedesk.infra.extensions import db
from servicedesk.infra.migrations import init_migrations
from tests.explained import swedish

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="a file database of its own"
)
ROUTE = "Skolplattformen ägs av BUF → BUF support"
ASSIGNED = f"{ROUTE}; Tilldelad Bo BUF i tur och ordning"
RULE = "Regel 'Lösenord' (rubriken innehåller 'lösenord') → Servicedesk"
TICKETS = [
    # id, route_reason
    (1, ASSIGNED),
    (2, "Överlämnad av Anders Agent: Uppladdningen stoppas av webbproxyn."),
    (3, f"Överlämnad av Anders Agent: Ny dirigering: {ROUTE}"),
    (4, RULE),
]
HISTORY = [
    # id, ticket, actor, field, old, new, note
    (1, 1, None, "queue", None, "BUF support", ASSIGNED),
    (2, 1, None, "assignee", None, "Bo BUF", "Tilldelad Bo BUF i tur och ordning"),
    (3, 1, 7, "status", "resolved", "open", "Återöppnad"),
    (4, 1, 7, "status", "resolved", "open", "Det fungerar fortfarande inte"),
    (5, 2, 9, "queue", "Servicedesk", "IT-drift", "Uppladdningen stoppas av webbproxyn."),
    (6, 3, 9, "queue", "Servicedesk", "BUF support", f"Ny dirigering: {ROUTE}"),
    (7, 1, None, "status", "resolved", "closed", "Avslutad automatiskt"),
    (8, 4, None, "queue", None, "Servicedesk", RULE),
]


def _rows(path):
    conn = sqlite3.connect(path)
    now = "2026-12-01 10:00:00.000000"
    for ticket_id, reason in TICKETS:
        conn.execute(
            "INSERT INTO ticket (id, type, title, description, requester_id, queue_id, impact,"
            " urgency, priority, status, channel, route_reason, created_at, updated_at, version)"
            " VALUES (?, 'incident', 't', 'd', 1, 1, 3, 3, 4, 'open', 'portal', ?, ?, ?, 1)",
            (ticket_id, reason, now, now),
        )
    for row in HISTORY:
        conn.execute(
            "INSERT INTO ticket_history (id, ticket_id, actor_id, field, old_value, new_value,"
            " note, at, internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (*row, now),
        )
    conn.commit()
    conn.close()


def test_stored_sentences_become_codes_and_typed_text_stays(tmp_path):
    path = tmp_path / "m.db"
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    init_migrations(app)
    with app.app_context():
        upgrade(revision="answers_0018")
        db.engine.dispose()
        _rows(path)
        upgrade()
        history = {
            r.id: (r.note, r.explanation)
            for r in db.session.execute(text("SELECT id, note, explanation FROM ticket_history"))
        }
        tickets = {
            r.id: (r.route_reason, r.route_explanation)
            for r in db.session.execute(
                text("SELECT id, route_reason, route_explanation FROM ticket")
            )
        }

        def said(pair):
            note, why = pair
            return swedish(json.loads(why) if why else None, note)

        assert history[1][0] == "" and said(history[1]) == ASSIGNED
        assert history[2][0] == "" and said(history[2]) == "Tilldelad Bo BUF i tur och ordning"
        assert history[3] == ("", '{"code": "reopened", "params": {}}')
        assert history[4][0] == "Det fungerar fortfarande inte"  # typed: kept
        assert json.loads(history[4][1])["code"] == "reopened"
        assert history[5] == ("Uppladdningen stoppas av webbproxyn.", None)  # typed: kept
        assert history[6][0] == "" and said(history[6]) == f"Ny dirigering: {ROUTE}"
        assert json.loads(history[7][1])["code"] == "closed_automatically"
        assert history[8] == (RULE, None)  # a rule's free words: left as written

        assert tickets[1][0] == "" and said(tickets[1]) == ASSIGNED
        reason, why = tickets[2]
        assert reason == "Uppladdningen stoppas av webbproxyn."
        assert json.loads(why) == {
            "code": "transferred",
            "params": {"by": "Anders Agent", "from_queue": "Servicedesk", "to_queue": "IT-drift"},
        }
        assert tickets[3][0] == "" and said(tickets[3]) == (
            f"Överlämnad av Anders Agent från Servicedesk till BUF support: Ny dirigering: {ROUTE}"
        )
        assert tickets[4] == (RULE, None)
        db.session.remove()
        db.engine.dispose()


def test_the_migration_goes_back_and_forth(tmp_path):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'b.db'}")
    init_migrations(app)
    with app.app_context():
        upgrade()
        downgrade(revision="answers_0018")
        upgrade()
        db.engine.dispose()
