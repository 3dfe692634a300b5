"""`flask security`: which queue works the security incidents."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from servicedesk.infra.extensions import db

security_cli = AppGroup("security", help="Security incidents.")


@security_cli.command("queue")
@click.argument("name")
def queue_command(name: str):
    """Make the queue NAME the security queue: every security incident goes there, and its
    members (with the security role and admins) are the only staff who see them."""
    from servicedesk.domain.security.queue import set_security_queue
    from servicedesk.models import Queue

    queue = db.session.scalar(select(Queue).where(Queue.name == name))
    if queue is None or not queue.active:
        raise click.BadParameter(f"no active queue named {name!r}")
    set_security_queue(queue)
    db.session.commit()
    click.echo(f"Security incidents now go to {queue.name}.")
