"""`flask mail ingest` (an MTA pipe: one message on stdin) and `flask mail send`."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from servicedesk.domain.mail.pipeline import ingest_and_commit
from servicedesk.domain.mail.sender import send_due_mail
from servicedesk.models.base import utcnow

mail_cli = AppGroup("mail", help="Inbound and outbound mail.")


@mail_cli.command("ingest")
def ingest_command():
    """Read one RFC 822 message from standard input and store it (exit 0 once stored,
    also when it was quarantined or seen before)."""
    raw = sys.stdin.buffer.read()
    if not raw.strip():
        raise click.ClickException("no message on standard input")
    result = ingest_and_commit(raw, now=utcnow())
    row = result.inbound
    state = "duplicate" if result.duplicate else row.status
    click.echo(f"{state}: {row.message_id} {row.reason}".strip())


@mail_cli.command("send")
def send_command():
    """Send the due outbox messages now."""
    sent, failed = send_due_mail(now=utcnow())
    click.echo(f"sent {sent}, failed attempts {failed}")
