"""`flask db upgrade` on an empty database gives exactly the models' schema."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from config import TestingConfig
from servicedesk import create_app
from servicedesk.infra.extensions import db
from servicedesk.infra.migrations import init_migrations
from servicedesk.models.kb import UNMODELLED_TABLE_PREFIXES
from servicedesk.models.search import is_index_object


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="run below for PostgreSQL")
def test_migrations_match_models_sqlite(tmp_path):
    _check(f"sqlite:///{tmp_path / 'migrated.db'}")


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_migrations_match_models_postgres():
    _check(fresh_pg_schema("migcheck"))


def fresh_pg_schema(schema: str) -> str:
    """A URL of TEST_DATABASE_URL with an empty schema of this name as its search path."""
    from sqlalchemy import create_engine, text

    url = os.environ["TEST_DATABASE_URL"]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def migrated_app(url: str):
    """An app on `url` after `flask db upgrade` (call it inside its app context)."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    init_migrations(app)
    return app


def _check(url: str) -> None:
    app = migrated_app(url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            opts = {
                "compare_type": True,
                "include_name": _modelled,
                "include_object": is_index_object,
            }
            context = MigrationContext.configure(conn, opts=opts)
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def _modelled(name, type_, parent_names) -> bool:
    """Search indexes are not models (an FTS5 table and its shadow tables on SQLite)."""
    return not (type_ == "table" and name and name.startswith(UNMODELLED_TABLE_PREFIXES))
