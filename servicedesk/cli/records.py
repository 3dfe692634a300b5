"""`flask records thin` (gallring, with --dry-run) and `flask archive export` (the E-ARK
ERMS package of an authority's closed records)."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import or_, select

from servicedesk.cli.sla import _parse_instant as parse_instant
from servicedesk.domain.errors import DomainError
from servicedesk.infra.extensions import db
from servicedesk.models import Authority, User
from servicedesk.models.base import utcnow

records_cli = AppGroup("records", help="Public records: thinning under the retention rules.")
archive_cli = AppGroup("archive", help="Delivery of closed records to the archive.")


def _actor(email: str | None) -> User | None:
    if not email:
        return None
    actor = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if actor is None:
        raise click.BadParameter(f"no user {email}", param_hint="--as")
    return actor


@records_cli.command("thin")
@click.option("--dry-run", is_flag=True, help="List what would be thinned; change nothing.")
@click.option("--now", "now_text", help="Run as of this ISO 8601 instant (default: now).")
@click.option("--batch", default=100, show_default=True, help="Records per batch.")
@click.option("--as", "as_email", help="The administrator running it (default: the system).")
def thin_command(dry_run: bool, now_text: str | None, batch: int, as_email: str | None):
    """Thin the records every active retention rule has reached (one transaction each)."""
    from servicedesk.domain.records.retention import run_thinning

    try:
        result = run_thinning(
            _actor(as_email),
            now=parse_instant(now_text),
            dry_run=dry_run,
            batch_size=max(1, batch),
            storage_dir=current_app.config["ATTACHMENT_DIR"],
        )
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from exc
    verb = "would thin" if dry_run else "thinned"
    for outcome in result.outcomes:
        rule = outcome.rule
        click.echo(
            f"{rule.authority.name}, {rule.record_kind}, {rule.years} years: "
            f"{verb} {len(outcome.references)}"
        )
        for reference in outcome.references:
            click.echo(f"  {reference}")
    click.echo(f"Total {verb}: {result.total}")


def _parse_day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("use YYYY-MM-DD", param_hint=name) from exc


@archive_cli.command("export")
@click.option("--authority", "authority_name", required=True, help="Name, short name or id.")
@click.option("--from", "start_text", required=True, help="First day closed (YYYY-MM-DD).")
@click.option("--to", "end_text", required=True, help="Last day closed (YYYY-MM-DD).")
@click.option("--zip", "as_zip", is_flag=True, help="Write one zip instead of a folder.")
@click.argument("out", type=click.Path(file_okay=False))
def export_command(authority_name: str, start_text: str, end_text: str, as_zip: bool, out: str):
    """Write the ERMS package of the authority's records closed FROM..TO under OUT and
    mark them delivered."""
    from servicedesk.domain.records.archive import export_archive

    start, end = _parse_day(start_text, "--from"), _parse_day(end_text, "--to")
    conditions = [Authority.name == authority_name, Authority.short_name == authority_name]
    if authority_name.isdigit():
        conditions.append(Authority.id == int(authority_name))
    authority = db.session.scalar(select(Authority).where(or_(*conditions)))
    if authority is None:
        raise click.BadParameter(f"no authority {authority_name!r}", param_hint="--authority")
    try:
        package = export_archive(
            None,
            authority,
            start=start,
            end=end,
            out=out,
            storage_dir=current_app.config["ATTACHMENT_DIR"],
            as_zip=as_zip,
            now=utcnow(),
        )
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"{package.path}: {len(package.references)} records, {package.files} files")
