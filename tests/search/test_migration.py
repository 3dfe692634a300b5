"""Migration 0024: the search index is created and filled from what exists, on both
databases (PostgreSQL in a schema of its own)."""

from __future__ import annotations

import os

from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from config import TestingConfig
from servicedesk import create_app
from servicedesk.domain.search import search
from servicedesk.infra.extensions import db
from servicedesk.infra.migrations import init_migrations
from servicedesk.models import User

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
NOW = "2026-12-01 10:00:00"


def _url(tmp_path) -> str:
    if not PG_URL:
        return f"sqlite:///{tmp_path / 'm.db'}"
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS searchmig CASCADE"))
        conn.execute(text("CREATE SCHEMA searchmig"))
    engine.dispose()
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3Dsearchmig"


def _rows() -> None:
    """Rows as the app before 0024 left them (an admin, a ticket with a reply and a note)."""
    run = db.session.execute
    run(text("INSERT INTO unit (id, name, short_name, kind) VALUES (1, 'IT', 'IT', 'it_unit')"))
    run(
        text(
            "INSERT INTO queue (id, name, unit_id, is_central, active) VALUES (1, 'SD', 1, true, true)"
        )
    )
    run(
        text(
            "INSERT INTO user_account (id, email, name, password_hash, active, away, locale,"
            " unit_id, created_at, session_version)"
            " VALUES (1, 'a@x.example', 'A', 'x', true, false, 'sv', 1, :now, 1)"
        ),
        {"now": NOW},
    )
    run(text("INSERT INTO user_role (user_id, role) VALUES (1, 'admin')"))
    run(
        text(
            "INSERT INTO ticket (id, type, title, description, requester_id, queue_id, impact,"
            " urgency, priority, status, channel, route_reason, created_at, updated_at, version)"
            " VALUES (1, 'incident', 'Fel i Skola24', 'Schemat visas inte', 1, 1, 3, 3, 4,"
            " 'open', 'portal', '', :now, :now, 1)"
        ),
        {"now": NOW},
    )
    for n, (body, internal) in enumerate([("Vi läser in klasserna", False), ("Cachen", True)]):
        run(
            text(
                "INSERT INTO comment (id, ticket_id, author_id, body, internal, source,"
                " created_at) VALUES (:id, 1, 1, :body, :internal, 'portal', :now)"
            ),
            {"id": n + 1, "body": body, "internal": internal, "now": NOW},
        )
    db.session.commit()


def test_the_migration_fills_the_index_and_goes_back(tmp_path):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=_url(tmp_path))
    init_migrations(app)
    with app.app_context():
        upgrade(revision="perf_0018")
        _rows()
        upgrade(revision="fts_0024")
        admin = db.session.get(User, 1)
        for words in ("schemat", "klasserna", "cachen", "skola24"):
            assert [h.id for g in search(admin, words).groups for h in g.items] == [1], words
        db.session.remove()  # no open transaction while the tables are dropped
        downgrade(revision="perf_0018")
        tables = db.inspect(db.engine).get_table_names()
        assert "search_document" not in tables and "search_fts" not in tables
        db.session.remove()
        db.engine.dispose()
