"""`flask catalog import FILE` and `flask catalog export [FILE]`."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from servicedesk.infra.extensions import db

catalog_cli = AppGroup("catalog", help="Import and export the service catalog as CSV.")


@catalog_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path: str) -> None:
    """Import services from a CSV file: every row is checked; nothing is saved on errors."""
    from servicedesk.domain.catalog.csv_format import CatalogImportError
    from servicedesk.domain.catalog.csv_import import import_catalog
    from servicedesk.models.base import utcnow

    with open(path, "rb") as f:
        data = f.read()
    # No request here: messages are rendered in the default language (Swedish).
    with force_locale("sv"):
        try:
            result = import_catalog(None, data, now=utcnow())
            db.session.commit()
        except CatalogImportError as exc:
            db.session.rollback()
            for err in exc.errors:
                click.echo(f"line {err.line}: {err.column}: {err.message}", err=True)
            raise click.ClickException(
                f"{len(exc.errors)} bad row(s); nothing was imported."
            ) from exc
    click.echo(f"Imported: {result.created} new, {result.updated} updated services.")


@catalog_cli.command("export")
@click.argument("path", required=False, type=click.Path(dir_okay=False, writable=True))
def export_command(path: str | None) -> None:
    """Write the catalog as CSV (UTF-8 with BOM) to PATH, or to standard output."""
    from servicedesk.domain.catalog.csv_format import export_catalog_bytes

    data = export_catalog_bytes()
    if path:
        with open(path, "wb") as f:
            f.write(data)
        click.echo(f"Wrote {path}.")
    else:
        sys.stdout.buffer.write(data)
