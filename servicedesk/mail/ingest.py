"""Inbound mail: store every message once, then make it a reply, a new case, or keep it
for an admin with the reason.

Rules (docs/mail.md): the sender is the From address only. A reply is matched by the
signed token in the address it was sent to, else by a signed desk Message-ID in
In-Reply-To/References, else by a reference like [INC-000123] in the subject -- and is
posted only when the sender is that ticket's requester or an agent who may work it.
Machine-written mail is stored and ignored. The whole message is one unit of work: the
caller commits (or rolls back and calls `quarantine_after_error`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy

from flask import current_app
from sqlalchemy import func, select

from servicedesk.domain.permissions import is_agent_for
from servicedesk.domain.users import find_user_by_email
from servicedesk.extensions import db
from servicedesk.mail import inbound_actions as actions
from servicedesk.mail.parse import ParsedMail, UnparseableMail, message_id_of, parse_mail
from servicedesk.mail.threading import desk_address, signed_ids, ticket_from_addresses
from servicedesk.models import InboundMessage, InboundStatus, OutboxMessage, Ticket, User
from servicedesk.models.ticket import parse_reference

_SUBJECT_REF = re.compile(r"\[((?:INC|REQ)-\d{1,9})\]", re.IGNORECASE)


@dataclass
class IngestResult:
    inbound: InboundMessage
    duplicate: bool = False


def _store(parsed_id: str, raw: bytes, *, now: datetime, **fields) -> InboundMessage:
    keep_raw = fields.get("status") != InboundStatus.PROCESSED
    row = InboundMessage(
        message_id=parsed_id, received_at=now, raw=raw if keep_raw else None, **fields
    )
    db.session.add(row)
    db.session.flush()
    return row


def seen_before(message_id: str) -> InboundMessage | None:
    return db.session.scalar(select(InboundMessage).where(InboundMessage.message_id == message_id))


def _ticket_by_thread(mail: ParsedMail) -> Ticket | None:
    ticket_id = ticket_from_addresses(mail.recipients)
    if ticket_id is None:
        for kind, number in signed_ids(mail.thread_refs):
            if kind == "ticket":
                ticket_id = number
            else:
                ticket_id = db.session.scalar(
                    select(OutboxMessage.ticket_id).where(OutboxMessage.id == number)
                )
            if ticket_id is not None:
                break
    if ticket_id is None:
        match = _SUBJECT_REF.search(mail.subject)
        parsed = parse_reference(match.group(1)) if match else None
        if parsed is not None:
            found = db.session.get(Ticket, parsed[1])
            return found if found is not None and found.type == parsed[0] else None
    return db.session.get(Ticket, ticket_id) if ticket_id is not None else None


def may_reply(user: User | None, ticket: Ticket) -> bool:
    """The only people whose mail may post on a ticket: its requester, or its agents."""
    if user is None or not user.active:
        return False
    return user.id == ticket.requester_id or is_agent_for(user, ticket)


def _rate_limited(sender: str, now: datetime) -> bool:
    limit = current_app.config["MAIL_INBOUND_PER_HOUR"]
    count = db.session.scalar(
        select(func.count()).where(
            InboundMessage.sender == sender, InboundMessage.received_at > now - timedelta(hours=1)
        )
    )
    return (count or 0) >= limit


def _gatekeeper(mail: ParsedMail, now: datetime) -> tuple[str, str] | None:
    """(status, reason) when the message must not be acted on."""
    if mail.automated:
        return InboundStatus.IGNORED, f"automated: {mail.automated}"
    if mail.auth_failed:
        return InboundStatus.QUARANTINED, "sender authentication failed (DMARC)"
    if _rate_limited(mail.sender, now):
        return InboundStatus.QUARANTINED, "rate limit for this sender exceeded"
    return None


def _route(mail: ParsedMail, raw: bytes, *, now: datetime) -> InboundMessage:
    stored = {"sender": mail.sender[:254], "subject": mail.subject[:300]}
    stop = _gatekeeper(mail, now)
    if stop is not None:
        return _store(mail.message_id, raw, now=now, status=stop[0], reason=stop[1], **stored)
    sender = find_user_by_email(mail.sender)
    ticket = _ticket_by_thread(mail)
    if ticket is not None and not may_reply(sender, ticket):
        reason = f"sender may not reply to {ticket.reference}"
        return _store(
            mail.message_id, raw, now=now, status=InboundStatus.QUARANTINED, reason=reason, **stored
        )
    if sender is None:
        return _unknown_sender(mail, raw, now=now, stored=stored)
    if not sender.active:
        return _store(
            mail.message_id,
            raw,
            now=now,
            status=InboundStatus.QUARANTINED,
            reason="sender's account is disabled",
            **stored,
        )
    outcome = actions.apply(mail, sender, ticket, now=now)
    return _store(
        mail.message_id,
        raw,
        now=now,
        status=InboundStatus.PROCESSED,
        reason=outcome.reason,
        ticket_id=outcome.ticket.id,
        **stored,
    )


def _unknown_sender(mail: ParsedMail, raw: bytes, *, now: datetime, stored: dict):
    if current_app.config["MAIL_UNKNOWN_SENDER"] == "create":
        sender = actions.create_requester(mail)
        outcome = actions.apply(mail, sender, None, now=now)
        return _store(
            mail.message_id,
            raw,
            now=now,
            status=InboundStatus.PROCESSED,
            reason=f"new requester; {outcome.reason}",
            ticket_id=outcome.ticket.id,
            **stored,
        )
    actions.reject_unknown_sender(mail.sender, now=now)
    return _store(
        mail.message_id,
        raw,
        now=now,
        status=InboundStatus.QUARANTINED,
        reason="unknown sender (policy: reject)",
        **stored,
    )


def ingest_message(raw: bytes, *, now: datetime) -> IngestResult:
    """Store and act on one message. Flushes; the caller commits."""
    try:
        mail = parse_mail(raw, desk_address=desk_address())
    except UnparseableMail as exc:
        mail = None
        reason = str(exc)
    existing = seen_before(mail.message_id if mail else fallback_message_id(raw))
    if existing is not None:
        return IngestResult(existing, duplicate=True)
    if mail is None:
        row = _store(
            fallback_message_id(raw),
            raw,
            now=now,
            status=InboundStatus.QUARANTINED,
            reason=reason[:500],
        )
        return IngestResult(row)
    if len(raw) > current_app.config["MAIL_INBOUND_MAX_BYTES"]:
        row = _store(
            mail.message_id,
            raw,
            now=now,
            status=InboundStatus.QUARANTINED,
            reason="message too large",
            sender=mail.sender[:254],
        )
        return IngestResult(row)
    return IngestResult(_route(mail, raw, now=now))


def fallback_message_id(raw: bytes) -> str:
    try:
        return message_id_of(message_from_bytes(raw, policy=policy.default), raw)
    except Exception:
        return "<sha256-" + hashlib.sha256(raw).hexdigest() + "@unparseable>"


def quarantine_after_error(raw: bytes, error: Exception, *, now: datetime) -> IngestResult:
    """After a rolled-back attempt: keep the message with the error, in a new transaction."""
    message_id = fallback_message_id(raw)
    existing = seen_before(message_id)
    if existing is not None:
        return IngestResult(existing, duplicate=True)
    row = _store(
        message_id,
        raw,
        now=now,
        status=InboundStatus.QUARANTINED,
        reason=f"processing failed: {error!r}"[:500],
    )
    return IngestResult(row)
