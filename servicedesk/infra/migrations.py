"""Flask-Migrate (Alembic) for the app, wired only where it is used.

Alembic, Mako and Pygments are ~110 modules that a web worker never needs; `flask db …`,
the migration test and the browser tests' server call `init_migrations` first (the `db`
command group does it itself, see `servicedesk.cli`)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from servicedesk.infra.extensions import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def init_migrations(app: Flask) -> None:
    """Register Flask-Migrate on `app` (idempotent): `flask_migrate.upgrade()` and the
    `flask db` commands then work in its context."""
    if "migrate" in app.extensions:
        return
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(MIGRATIONS))
