"""`flask demo load`: the demo organisation, catalog, users and tickets."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from servicedesk.infra.extensions import db

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
@click.option("--tickets", default=300, show_default=True, help="How many demo tickets.")
def load_demo_command(tickets: int):
    """Load the Tanum-like demo organisation, catalog, users and tickets (idempotent)."""
    from servicedesk.demo import load_demo

    created = load_demo(ticket_count=tickets)
    db.session.commit()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")
