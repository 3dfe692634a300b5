"""The mail area's scheduled jobs: send the outbox, poll the IMAP mailbox."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.mail.imap import poll_imap
from servicedesk.domain.mail.sender import send_due_mail
from servicedesk.jobs.registry import register_job


@register_job("outbox-send", seconds=30)
def outbox_send(*, now: datetime) -> None:
    send_due_mail(now=now)


@register_job("imap-poll", seconds=60)
def imap_poll(*, now: datetime) -> None:
    poll_imap(now=now)  # does nothing when MAIL_IMAP_HOST is empty
