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
from servicedesk.models.search import is_index_object


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="run below for PostgreSQL")
def test_migrations_match_models_sqlite(tmp_path):
    _check(f"sqlite:///{tmp_path / 'migrated.db'}")


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_migrations_match_models_postgres():
    from sqlalchemy import create_engine, text

    url = os.environ["TEST_DATABASE_URL"]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS migcheck CASCADE"))
        conn.execute(text("CREATE SCHEMA migcheck"))
    engine.dispose()
    sep = "&" if "?" in url else "?"
    _check(f"{url}{sep}options=-csearch_path%3Dmigcheck")


def _check(url: str) -> None:
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    init_migrations(app)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            opts = {"compare_type": True, "include_object": is_index_object}
            context = MigrationContext.configure(conn, opts=opts)
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
