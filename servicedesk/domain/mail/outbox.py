"""Queueing mail: a row in the outbox, in the caller's transaction.

Callers render their message first (see the mail area for templates) and give an
idempotency key; queueing the same key twice is a no-op, so retried or repeated events
never mail anyone twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, text

from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage
from servicedesk.models.mail import OutboxStatus

HEADER_CONTROL = ("\r", "\n")
_COLUMNS = (
    "key",
    "kind",
    "to_address",
    "recipient_id",
    "ticket_id",
    "subject",
    "body_text",
    "body_html",
    "headers",
    "status",
    "attempts",
    "created_at",
    "next_attempt_at",
)


def _insert_once():
    """INSERT ... ON CONFLICT (key) DO NOTHING as one plain statement with bound, typed
    parameters: the same text on SQLite and PostgreSQL, so it is compiled once per process
    (the dialect `insert().on_conflict_do_nothing()` form was compiled on every call)."""
    table = OutboxMessage.__table__
    names = ", ".join(f'"{c}"' for c in _COLUMNS)
    params = ", ".join(f":{c}" for c in _COLUMNS)
    stmt = text(
        f"INSERT INTO {table.name} ({names}) VALUES ({params}) "
        'ON CONFLICT ("key") DO NOTHING RETURNING id'
    )
    return stmt.bindparams(*(bindparam(c, type_=table.c[c].type) for c in _COLUMNS))


_INSERT_ONCE = _insert_once()


@dataclass
class Mail:
    key: str
    kind: str
    to_address: str
    subject: str
    body_text: str
    body_html: str | None = None
    recipient_id: int | None = None
    ticket_id: int | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _check_header(value: str, name: str) -> str:
    if any(c in value for c in HEADER_CONTROL):
        raise ValueError(f"{name} must be a single line")  # header injection guard
    return value


def enqueue_mail(mail: Mail, *, now: datetime) -> bool:
    """Queue one message; returns False when a message with the same key exists already."""
    return db.session.execute(_INSERT_ONCE, _row(mail, now)).first() is not None


# Bulk queueing (the SLA watcher's escalations): one executemany of the same
# INSERT ... ON CONFLICT DO NOTHING, without RETURNING (not allowed with executemany).
_INSERT_MANY = text(str(_INSERT_ONCE.text).removesuffix(" RETURNING id")).bindparams(
    *(bindparam(c, type_=OutboxMessage.__table__.c[c].type) for c in _COLUMNS)
)


def _row(mail: Mail, now: datetime) -> dict:
    """The outbox row of one message, its headers checked (no CR/LF smuggled in)."""
    return {
        "key": mail.key,
        "kind": mail.kind,
        "to_address": _check_header(mail.to_address, "to_address"),
        "recipient_id": mail.recipient_id,
        "ticket_id": mail.ticket_id,
        "subject": _check_header(mail.subject, "subject")[:300],
        "body_text": mail.body_text,
        "body_html": mail.body_html,
        "headers": {k: _check_header(v, k) for k, v in mail.headers.items()},
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
    }


def enqueue_mails(mails: list[Mail], *, now: datetime) -> int:
    """Queue many messages in one statement; keys that exist already are skipped (as in
    `enqueue_mail`). Returns how many rows were inserted, as the driver counts them."""
    if not mails:
        return 0
    result = db.session.execute(_INSERT_MANY, [_row(m, now) for m in mails])
    return max(result.rowcount, 0)
