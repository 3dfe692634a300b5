"""`flask reports rebuild`: recompute the report's daily figure tables from the raw rows."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from servicedesk.infra.extensions import db

reports_cli = AppGroup("reports", help="SLA report figures.")


@reports_cli.command("rebuild")
def rebuild_command():
    """Recompute every daily figure (timers, business-time buckets, tickets, answers) from
    the raw rows in one transaction. The triggers keep them current; this is for a restore
    or after loading rows with the triggers off."""
    from servicedesk.domain.reports.figures import rebuild

    started = time.perf_counter()
    rebuild()
    db.session.commit()
    click.echo(f"Report figures rebuilt in {time.perf_counter() - started:.1f} s.")
