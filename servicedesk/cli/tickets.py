"""`flask tickets import FILE --as ADMIN`: history from a previous system, all or nothing."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from servicedesk.api.tickets.imports import import_rows, read_rows
from servicedesk.domain.identity.users import find_user_by_email
from servicedesk.infra.extensions import db
from servicedesk.models import Role
from servicedesk.models.base import utcnow

tickets_cli = AppGroup("tickets", help="Tickets: import history from a previous system.")


@tickets_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "actor_email", required=True, help="E-mail of the importing admin.")
def import_command(file: Path, actor_email: str):
    """Import tickets from a CSV or JSON file, all or nothing."""
    actor = find_user_by_email(actor_email)
    if actor is None or not actor.active or not actor.has_role(Role.ADMIN):
        raise click.ClickException(_("The importing user must be an active administrator."))
    started = time.perf_counter()
    try:
        rows = read_rows(file)
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        raise click.ClickException(_("The file could not be read: %(e)s", e=exc)) from exc
    result = import_rows(actor, rows, now=utcnow())
    if result.errors:
        db.session.rollback()
        for line, name, message in result.errors:
            click.echo(f"line {line}: {name}: {message}", err=True)
        raise click.ClickException(_("Nothing was imported: %(n)s errors.", n=len(result.errors)))
    db.session.commit()
    elapsed = time.perf_counter() - started
    seconds = f"{elapsed:.2f}"
    click.echo(_("Imported %(n)s tickets in %(s)s s.", n=result.created, s=seconds))
