"""Migration access_0024 on SQLite: the ticket type check learns 'access' without
rebuilding the ticket table (a rebuild's DROP would cascade to every comment)."""

from __future__ import annotations

import os
import sqlite3

import pytest
from flask_migrate import downgrade, upgrade

from config import TestingConfig
from servicedesk import create_app
from servicedesk.infra.extensions import db
from servicedesk.infra.migrations import init_migrations

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="a file database of its own"
)
TICKET = (
    "INSERT INTO ticket (id, type, title, description, requester_id, queue_id, impact, urgency,"
    " priority, status, channel, route_reason, created_at, updated_at, version)"
    " VALUES (?, ?, 't', 'd', 1, 1, 3, 3, 4, 'open', 'portal', '', '2026-12-01', '2026-12-01', 1)"
)


def _seed(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("INSERT INTO unit (id, name, short_name, kind) VALUES (1, 'U', 'U', 'it_unit')")
    conn.execute(
        "INSERT INTO user_account (id, email, name, phone, locale, active, away, created_at,"
        " session_version) VALUES (1, 'a@x', 'A', '', 'sv', 1, 0, '2026-12-01', 0)"
    )
    conn.execute(
        "INSERT INTO queue (id, name, unit_id, is_central, active, auto_assign,"
        " default_internal_note) VALUES (1, 'Q', 1, 1, 1, 'none', 0)"
    )
    conn.execute(TICKET, (1, "incident"))
    conn.execute(
        "INSERT INTO comment (id, ticket_id, author_id, body, internal, source, created_at)"
        " VALUES (1, 1, 1, 'kvar', 0, 'portal', '2026-12-01')"
    )
    conn.commit()
    conn.close()


def test_comments_survive_and_access_tickets_are_allowed(tmp_path):
    path = tmp_path / "m.db"
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    init_migrations(app)
    with app.app_context():
        upgrade(revision="perf_0018")
        db.engine.dispose()
        _seed(path)
        upgrade(revision="access_0024")
        db.engine.dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT body FROM comment").fetchall() == [("kvar",)]
    conn.execute(TICKET, (2, "access"))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(TICKET, (3, "bogus"))
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.execute("DELETE FROM ticket WHERE id = 2")
    conn.commit()
    conn.close()
    with app.app_context():
        downgrade(revision="perf_0018")
        db.engine.dispose()
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(TICKET, (2, "access"))
    assert conn.execute("SELECT count(*) FROM comment").fetchone() == (1,)
