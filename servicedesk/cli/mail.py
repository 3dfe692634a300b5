"""`flask mail ingest` (an MTA pipe: one message on stdin), `flask mail send`, and the
kept inbound mail: `flask mail held` lists it, `flask mail reprocess ID` runs the rules
again (`--accept` after checking with the sender)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from servicedesk.domain.errors import DomainError
from servicedesk.domain.mail.admin import unhandled_inbound
from servicedesk.domain.mail.pipeline import ingest_and_commit, reprocess_and_commit
from servicedesk.domain.mail.sender import send_due_mail
from servicedesk.models import InboundMessage
from servicedesk.models.base import utcnow

mail_cli = AppGroup("mail", help="Inbound and outbound mail.")


def _outcome(row: InboundMessage) -> str:
    """One line about this message's own outcome (its status, id, Message-ID, reason)."""
    return f"{row.status}: inbound #{row.id} {row.message_id} {row.reason}".strip()


@mail_cli.command("ingest")
def ingest_command():
    """Read one RFC 822 message from standard input and store it (exit 0 once stored,
    also when it was quarantined or seen before)."""
    raw = sys.stdin.buffer.read()
    if not raw.strip():
        raise click.ClickException("no message on standard input")
    result = ingest_and_commit(raw, now=utcnow())
    if result.duplicate:
        # The very same message was stored before; say nothing about what it became.
        click.echo(f"duplicate: the same message is stored as inbound #{result.inbound.id}")
    else:
        click.echo(_outcome(result.inbound))


@mail_cli.command("held")
def held_command():
    """List the inbound mail that was not acted on (quarantined or ignored), newest first."""
    rows = unhandled_inbound()
    if not rows:
        click.echo("No inbound mail is waiting for a person.")
    for row in rows:
        when = row.received_at.isoformat(timespec="seconds")
        click.echo(f"#{row.id}\t{when}\t{row.status}\t{row.sender}\t{row.subject}\t{row.reason}")


@mail_cli.command("reprocess")
@click.argument("message_id", type=click.IntRange(min=1, max=2**63 - 1))
@click.option(
    "--accept",
    is_flag=True,
    help="You checked with the sender that the mail is theirs: waive the identity checks "
    "(signed reply address, DMARC, rate limit, machine-written), never who may post.",
)
def reprocess_command(message_id: int, accept: bool):
    """Run the inbound rules again on kept message MESSAGE_ID (see `flask mail held`)."""
    try:
        row = reprocess_and_commit(message_id, None, now=utcnow(), vouched=accept)
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(_outcome(row))


@mail_cli.command("send")
def send_command():
    """Send the due outbox messages now."""
    sent, failed = send_due_mail(now=utcnow())
    click.echo(f"sent {sent}, failed attempts {failed}")
