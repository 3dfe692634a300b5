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
    from servicedesk.domain.security.queue import current_security_queue, set_security_queue
    from servicedesk.models import Queue

    queue = db.session.scalar(select(Queue).where(Queue.name == name))
    if queue is None or not queue.active:
        raise click.BadParameter(f"no active queue named {name!r}")
    current = current_security_queue()
    if current is not None and current.id != queue.id and _incidents_in(current):
        # moving them is an admin's audited decision (Admin -> Säkerhetskö)
        raise click.ClickException(
            f"{current.name} holds security incidents: choose the new queue on the admin "
            "page Säkerhetskö (/admin/security), which moves them."
        )
    set_security_queue(queue)
    db.session.commit()
    click.echo(f"Security incidents now go to {queue.name}.")


def _incidents_in(queue) -> bool:
    from servicedesk.models import Ticket, TicketType

    stmt = select(Ticket.id).where(Ticket.type == TicketType.SECURITY, Ticket.queue_id == queue.id)
    return db.session.scalar(stmt.limit(1)) is not None
