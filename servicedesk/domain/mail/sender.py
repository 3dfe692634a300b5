"""Sending the outbox: due rows go out over one SMTP connection per batch.

A sender first **claims** its batch: one conditional UPDATE sets `claimed_by` and a lease
(`claimed_until`) on due rows that are pending and unclaimed (or whose claim has lapsed),
and commits; on PostgreSQL the candidates are picked `FOR UPDATE SKIP LOCKED` so senders
do not queue behind each other. Only the rows the UPDATE returned are sent, so any number
of concurrent senders (the scheduler's job, `flask mail send`, another node) deliver each
message once. A crashed sender's claim lapses after MAIL_CLAIM_LEASE_MINUTES and the row
is sent by a later run.

Each row is committed as soon as its fate is known (sent, or failure recorded) and its
claim released, so a crash half-way through a batch never mails anyone twice. A failed row
waits 1, 2, 4 ... minutes (at most an hour) and is given up (status failed, shown on
/admin/mail) only when it has been failing for MAIL_GIVE_UP_HOURS.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import uuid
from collections import Counter
from datetime import datetime, timedelta
from email import charset as email_charset
from email.mime.text import MIMEText

from flask import current_app
from flask_mail import BadHeaderError, Connection
from flask_mail import Message as FlaskMessage
from sqlalchemy import ColumnElement, func, or_, select, update

from servicedesk.domain.mail.threading import desk_address, outbox_message_id
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage, OutboxStatus
from servicedesk.models.base import as_utc

log = logging.getLogger(__name__)
# Refusals of one message: record it and go on with the rest of the batch.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    BadHeaderError,
)
MAX_BACKOFF = timedelta(hours=1)
CAP_WAIT = timedelta(minutes=10)
# Headers a caller may ask for; anything else stored on a row is not sent.
PASSED_HEADERS = ("In-Reply-To", "References", "Auto-Submitted", "X-Auto-Response-Suppress")


class TimeoutConnection(Connection):
    """Flask-Mail's connection with a socket timeout: a hung server must not hang the job."""

    def configure_host(self):
        state, timeout = self.mail, current_app.config.get("MAIL_SMTP_TIMEOUT", 30)
        smtp_class = smtplib.SMTP_SSL if state.use_ssl else smtplib.SMTP
        host = smtp_class(state.server, state.port, timeout=timeout)
        if state.use_tls:
            host.starttls()
        if state.username and state.password:
            host.login(state.username, state.password)
        return host


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the n-th failure, capped at an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


# UTF-8 text parts as quoted-printable: lines wrapped at 76 with soft breaks, whatever
# the template renders (Flask-Mail's own setting sends them as 8bit, unwrapped, and a
# server enforcing SMTP's 998-character line limit refuses such a mail).
TEXT_CHARSET = email_charset.Charset("utf-8")
TEXT_CHARSET.body_encoding = email_charset.QP


class OutboxFlaskMessage(FlaskMessage):
    """Flask-Mail's message with every text part quoted-printable."""

    def _mimetext(self, text: str | None, subtype: str = "plain") -> MIMEText:
        return MIMEText(text or "", _subtype=subtype, _charset=TEXT_CHARSET)


def build_message(row: OutboxMessage) -> FlaskMessage:
    """The one place an outgoing message is made, whatever its kind."""
    headers = {k: v for k, v in (row.headers or {}).items() if k in PASSED_HEADERS}
    headers.setdefault("Auto-Submitted", "auto-generated")
    # Ask Exchange/Outlook not to answer with out-of-office or other automatic replies.
    headers.setdefault("X-Auto-Response-Suppress", "OOF, AutoReply")
    message = OutboxFlaskMessage(
        subject=row.subject,
        recipients=[row.to_address],
        body=row.body_text,
        html=row.body_html,
        sender=current_app.config["MAIL_DESK_ADDRESS"],
        reply_to=(row.headers or {}).get("Reply-To") or None,
        extra_headers=headers,
    )
    message.msgId = outbox_message_id(row.id)
    return message


def claimant_id() -> str:
    """Who is sending: host, process and a token per batch (two batches of one process
    are two claimants)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"[:100]


def _claimable(now: datetime) -> ColumnElement[bool]:
    return (OutboxMessage.status == OutboxStatus.PENDING) & or_(
        OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now
    )


def claim_due(now: datetime, limit: int, claimant: str) -> list[OutboxMessage]:
    """Claim up to `limit` due rows for `claimant` and commit; returns only the rows this
    claimant won. The UPDATE repeats the condition, so a row another sender claimed
    between the pick and the update is not taken (PostgreSQL re-checks it after the row
    lock; SQLite runs the statement as one write)."""
    lease = timedelta(minutes=current_app.config.get("MAIL_CLAIM_LEASE_MINUTES", 10))
    # A materialised CTE: picked once. (As an IN subquery PostgreSQL may rescan the
    # LIMIT ... SKIP LOCKED per outer row and claim far more than `limit` rows.)
    candidates = (
        select(OutboxMessage.id)
        .where(_claimable(now), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("candidates")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    claimed = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(select(candidates.c.id)), _claimable(now))
        .values(claimed_by=claimant, claimed_until=now + lease)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    ids = list(db.session.scalars(claimed))
    db.session.commit()
    if not ids:
        return []
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == claimant)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
    )
    return list(db.session.scalars(stmt))


def release(row: OutboxMessage) -> None:
    row.claimed_by = row.claimed_until = None


def record_failure(row: OutboxMessage, error: Exception | str, *, now: datetime) -> None:
    row.attempts += 1
    row.last_error = (repr(error) if isinstance(error, Exception) else error)[:2000]
    give_up = timedelta(hours=current_app.config["MAIL_GIVE_UP_HOURS"])
    if now - as_utc(row.created_at) >= give_up:
        row.status = OutboxStatus.FAILED
    else:
        row.next_attempt_at = now + backoff(row.attempts)


def _sent_last_hour(addresses: set[str], now: datetime) -> Counter[str]:
    stmt = (
        select(OutboxMessage.to_address, func.count())
        .where(
            OutboxMessage.status == OutboxStatus.SENT,
            OutboxMessage.sent_at > now - timedelta(hours=1),
            OutboxMessage.to_address.in_(addresses),
        )
        .group_by(OutboxMessage.to_address)
    )
    return Counter(dict(db.session.execute(stmt).tuples().all()))


def _within_cap(rows: list[OutboxMessage], now: datetime) -> list[OutboxMessage]:
    """Storm guard: at most MAIL_MAX_PER_RECIPIENT_PER_HOUR mails to one address an hour;
    the rest wait (not a failure: no attempt is counted)."""
    cap = current_app.config["MAIL_MAX_PER_RECIPIENT_PER_HOUR"]
    counts = _sent_last_hour({row.to_address for row in rows}, now)
    allowed = []
    for row in rows:
        if counts[row.to_address] >= cap:
            row.next_attempt_at = now + CAP_WAIT
            release(row)
            continue
        counts[row.to_address] += 1
        allowed.append(row)
    db.session.commit()
    return allowed


def send_due_mail(*, now: datetime) -> tuple[int, int]:
    """Claim what is due and send it; returns (sent, failed attempts). Commits per
    message; safe to run from any number of processes at once."""
    batch = current_app.config.get("MAIL_SEND_BATCH", 100)
    rows = _within_cap(claim_due(now, batch, claimant_id()), now)
    if not rows:
        return 0, 0
    settled: set[int] = set()  # rows whose outcome is committed
    sent = failed = 0
    try:
        with TimeoutConnection(current_app.extensions["mail"]) as connection:
            for row in rows:
                try:
                    connection.send(build_message(row), envelope_from=desk_address())
                except MESSAGE_ERRORS as exc:
                    record_failure(row, exc, now=now)  # this message only; go on
                    failed += 1
                else:
                    row.status, row.sent_at, row.last_error = OutboxStatus.SENT, now, None
                    sent += 1
                release(row)
                db.session.commit()
                settled.add(row.id)
    except (OSError, smtplib.SMTPException) as exc:  # the server is down or hung up
        log.warning("outbox: SMTP unavailable: %r", exc)
        db.session.rollback()
        for row in rows:
            if row.id not in settled:
                record_failure(row, exc, now=now)
                release(row)
                failed += 1
        db.session.commit()
    return sent, failed
