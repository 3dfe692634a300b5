"""`flask sla`: one tick as of a given time, the watcher in the foreground, recompute."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from servicedesk.infra.extensions import db
from servicedesk.models.base import utcnow

sla_cli = AppGroup("sla", help="SLA timers and the watcher.")


def _parse_instant(value: str | None) -> datetime:
    if not value:
        return utcnow()
    try:
        instant = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("use ISO 8601, e.g. 2026-06-22T12:00:00+02:00") from exc
    if instant.tzinfo is None:
        raise click.BadParameter("give a UTC offset, e.g. +02:00 or Z")
    return instant.astimezone(UTC)


@sla_cli.command("tick")
@click.option("--now", "now_text", help="Run as of this ISO 8601 instant (default: now).")
def tick_command(now_text: str | None):
    """Record every warning and breach due as of NOW, and queue their escalations.

    NOW simulates "the watcher ran at NOW"; the escalation mail is due when this command
    runs, never later."""
    from servicedesk.domain.sla.watcher import tick

    now = _parse_instant(now_text)
    count = tick(now=now, mail_at=utcnow())
    db.session.commit()
    click.echo(f"Settled {count} timer(s) as of {now.isoformat()}.")


@sla_cli.command("watch")
def watch_command():
    """Run the scheduler (the SLA watcher and the other jobs) in the foreground."""
    from servicedesk.jobs.scheduler import run_blocking

    run_blocking(current_app._get_current_object())


@sla_cli.command("recompute")
@click.option("--ticket", "reference", help="Only this ticket, e.g. INC-000123.")
def recompute_command(reference: str | None):
    """Rebuild timer snapshots and ticket deadlines from the recorded events."""
    from servicedesk.domain.sla.rebuild import recompute
    from servicedesk.models import Ticket
    from servicedesk.models.ticket import parse_reference

    ticket = None
    if reference:
        parsed = parse_reference(reference)
        ticket = db.session.get(Ticket, parsed[1]) if parsed else None
        if ticket is None or ticket.type != parsed[0]:
            raise click.ClickException(f"No ticket {reference}.")
    count = recompute(ticket)
    db.session.commit()
    click.echo(f"Recomputed {count} timer(s).")
