"""Inbound mail: store every message once, then make it a reply, a new case, or keep it
for an admin with the reason.

Rules (docs/mail.md): the sender is the From address only, which proves nothing by itself.
A reply is matched by the signed token in the address it was sent to, else by a signed desk
Message-ID in In-Reply-To/References, else by a reference like [INC-000123] in the subject.
It is posted only when the sender is that ticket's requester or an agent who may work it,
an agent only through a token signed for them in person, the requester through any signed
token (a subject reference alone makes a new case that names the old one).
Machine-written mail is stored and ignored. The whole message is one unit of work: the
caller commits (or rolls back and calls `quarantine_after_error`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.parser import BytesParser

from flask import current_app
from sqlalchemy import func, select

from servicedesk.domain.identity.users import find_user_by_email
from servicedesk.domain.mail import inbound_actions as actions
from servicedesk.domain.mail.parse import ParsedMail, UnparseableMail, message_id_of, parse_mail
from servicedesk.domain.mail.threading import desk_address, signed_ids, signed_reply_addresses
from servicedesk.domain.permissions import is_agent_for
from servicedesk.infra.extensions import db
from servicedesk.models import InboundMessage, InboundStatus, OutboxMessage, Ticket, User
from servicedesk.models.ticket import REFERENCE_PREFIX, parse_reference

_SUBJECT_REF = re.compile(
    r"\[((?:" + "|".join(REFERENCE_PREFIX.values()) + r")-\d{1,9})\]", re.IGNORECASE
)


# Header fields that mail servers prepend on the way in (RFC 5321 trace fields and their
# kin). A message re-sent by the sender's server, or delivered once by pipe and once by
# IMAP, differs only in these at the top; they are left out of the digest.
TRACE_FIELDS = frozenset(
    {
        "received",
        "return-path",
        "delivered-to",
        "x-original-to",
        "authentication-results",
        "received-spf",
        "arc-seal",
        "arc-message-signature",
        "arc-authentication-results",
        "x-received",
    }
)


@dataclass
class IngestResult:
    inbound: InboundMessage
    duplicate: bool = False


def content_digest(raw: bytes) -> str:
    """SHA-256 (hex) of the message as its sender's system wrote it: line endings made
    LF and the trace fields servers prepended on the way in dropped from the top. The same
    bytes always give the same digest; a different message with the same Message-ID does
    not."""
    lines = raw.replace(b"\r\n", b"\n").split(b"\n")
    start = 0
    while start < len(lines):
        name, colon, _ = lines[start].partition(b":")
        if not colon or name.strip().lower().decode("ascii", "replace") not in TRACE_FIELDS:
            break
        start += 1
        while start < len(lines) and lines[start][:1] in (b" ", b"\t"):
            start += 1  # a folded continuation line of the same field
    return hashlib.sha256(b"\n".join(lines[start:])).hexdigest()


def _store(raw: bytes, *, digest: str, message_id: str, now: datetime, **fields) -> InboundMessage:
    keep_raw = fields.get("status") != InboundStatus.PROCESSED
    row = InboundMessage(
        digest=digest,
        message_id=message_id,
        received_at=now,
        raw=raw if keep_raw else None,
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


def seen_before(digest: str) -> InboundMessage | None:
    """The stored copy of this very message (same digest), if any."""
    return db.session.scalar(select(InboundMessage).where(InboundMessage.digest == digest))


@dataclass(frozen=True)
class Thread:
    """The ticket a message points back to, and how. `signed_for` holds whom the desk's
    signed mail it answers was addressed to (a user id; None for the ticket's thread, nobody
    in particular); it is empty when only a subject reference like [INC-000123] named the
    ticket, which anyone can type."""

    ticket: Ticket | None = None
    signed_for: frozenset[int | None] = frozenset()

    @property
    def signed(self) -> bool:
        return bool(self.signed_for)

    def signed_by(self, user: User | None) -> bool:
        """The desk's mail it answers went to `user` in person (a per-recipient reply
        address or the Message-ID of an outbox row addressed to them)."""
        return user is not None and user.id in self.signed_for


def _signed_hints(mail: ParsedMail) -> list[tuple[int, int | None]]:
    """(ticket id, recipient id or None) of every signed thread hint, address first."""
    found = signed_reply_addresses(mail.recipients)
    for kind, number in signed_ids(mail.thread_refs):
        if kind == "ticket":
            found.append((number, None))
            continue
        row = db.session.execute(
            select(OutboxMessage.ticket_id, OutboxMessage.recipient_id).where(
                OutboxMessage.id == number
            )
        ).first()
        if row is not None and row.ticket_id is not None:
            found.append((row.ticket_id, row.recipient_id))
    return found


def _thread(mail: ParsedMail) -> Thread:
    hints = _signed_hints(mail)
    if hints:
        ticket_id = hints[0][0]
        signed_for = frozenset(person for number, person in hints if number == ticket_id)
        return Thread(db.session.get(Ticket, ticket_id), signed_for)
    match = _SUBJECT_REF.search(mail.subject)
    parsed = parse_reference(match.group(1)) if match else None
    if parsed is not None:
        found = db.session.get(Ticket, parsed[1])
        if found is not None and found.type == parsed[0]:
            return Thread(found)
    return Thread()


def may_reply(user: User | None, ticket: Ticket) -> bool:
    """The only people whose mail may post on a ticket: its requester, or its agents."""
    if user is None or not user.active:
        return False
    return user.id == ticket.requester_id or is_agent_for(user, ticket)


def refusal(sender: User | None, thread: Thread, *, vouched: bool = False) -> str | None:
    """Why a message that points at a ticket must not act on it; None when it may.

    A From header proves nothing. Staff act by mail only through a reply signed for them in
    person; a mail that merely claims a staff address is held. The requester may add a
    public reply with any signed thread hint; with only a subject reference the message
    becomes a new case that names the old one (`adds_to_ticket`), and the case is untouched.
    An admin's `vouched` stands in for the signature, never for who may post at all.
    """
    ticket = thread.ticket
    if not may_reply(sender, ticket):
        return f"sender may not reply to {ticket.reference}"
    if vouched or sender.id == ticket.requester_id or thread.signed_by(sender):
        return None
    return (
        f"held: From claims staff address {sender.email} on {ticket.reference}, "
        "but the mail has no reply address signed for them"
    )


def _rate_limited(sender: str, now: datetime, *, besides: int | None = None) -> bool:
    limit = current_app.config["MAIL_INBOUND_PER_HOUR"]
    stmt = select(func.count()).where(
        InboundMessage.sender == sender, InboundMessage.received_at > now - timedelta(hours=1)
    )
    if besides is not None:  # a message being reprocessed does not count against itself
        stmt = stmt.where(InboundMessage.id != besides)
    return (db.session.scalar(stmt) or 0) >= limit


def _gatekeeper(mail: ParsedMail, now: datetime, besides: int | None) -> tuple[str, str] | None:
    """(status, reason) when the message must not be acted on."""
    if mail.automated:
        return InboundStatus.IGNORED, f"automated: {mail.automated}"
    if mail.auth_failed:
        return InboundStatus.QUARANTINED, "sender authentication failed (DMARC)"
    if _rate_limited(mail.sender, now, besides=besides):
        return InboundStatus.QUARANTINED, "rate limit for this sender exceeded"
    return None


def _decide(
    mail: ParsedMail, *, now: datetime, vouched: bool = False, besides: int | None = None
) -> tuple[str, str, int | None]:
    """(status, reason, ticket id) for a parsed message; acts on it.

    `vouched`: an admin checked with the sender that the mail is theirs, so the checks
    on the sender's identity (DMARC, rate limit, machine-written, the signed address) are
    waived -- never who may post on the ticket."""
    stop = None if vouched else _gatekeeper(mail, now, besides)
    if stop is not None:
        return stop[0], stop[1], None
    sender = find_user_by_email(mail.sender)
    thread = _thread(mail)
    ticket = thread.ticket
    if ticket is not None:
        refused = refusal(sender, thread, vouched=vouched)
        if refused is not None:
            return InboundStatus.QUARANTINED, refused, None
    if sender is None and current_app.config["MAIL_UNKNOWN_SENDER"] == "create":
        sender = actions.create_requester(mail)
    elif sender is None:
        actions.reject_unknown_sender(mail.sender, now=now)
        return InboundStatus.QUARANTINED, "unknown sender (policy: reject)", None
    if not sender.active:
        return InboundStatus.QUARANTINED, "sender's account is disabled", None
    adds_to_ticket = vouched or thread.signed
    outcome = actions.apply(mail, sender, ticket, now=now, adds_to_ticket=adds_to_ticket)
    return InboundStatus.PROCESSED, outcome.reason, outcome.ticket.id


def _evaluate(
    raw: bytes, *, now: datetime, vouched: bool = False, besides: int | None = None
) -> dict:
    """The stored fields of a message after the rules ran on it (and it was acted on)."""
    if len(raw) > current_app.config["MAIL_INBOUND_MAX_BYTES"]:
        return {"status": InboundStatus.QUARANTINED, "reason": "message too large"}
    try:
        mail = parse_mail(raw, desk_address=desk_address())
    except UnparseableMail as exc:
        return {"status": InboundStatus.QUARANTINED, "reason": str(exc)[:500]}
    status, reason, ticket_id = _decide(mail, now=now, vouched=vouched, besides=besides)
    return {
        "status": status,
        "reason": reason[:500],
        "ticket_id": ticket_id,
        "sender": mail.sender[:254],
        "subject": mail.subject[:300],
    }


def ingest_message(raw: bytes, *, now: datetime) -> IngestResult:
    """Store and act on one message. Flushes; the caller commits."""
    digest = content_digest(raw)
    existing = seen_before(digest)
    if existing is not None:
        return IngestResult(existing, duplicate=True)
    fields = _evaluate(raw, now=now)
    return IngestResult(
        _store(raw, digest=digest, message_id=fallback_message_id(raw), now=now, **fields)
    )


def reprocess_message(row: InboundMessage, *, now: datetime, vouched: bool = False) -> None:
    """Run the rules again on a stored message that was not acted on (after a fix, a new
    account, or with `vouched` after an admin checked with the sender). Updates the row;
    flushes."""
    fields = _evaluate(row.raw, now=now, vouched=vouched, besides=row.id)
    if vouched and fields["status"] == InboundStatus.PROCESSED:
        fields["reason"] = f"accepted by an admin: {fields['reason']}"[:500]
    for name, value in fields.items():
        setattr(row, name, value)
    if row.status == InboundStatus.PROCESSED:
        row.raw = None  # the ticket holds the content now, as for any processed message
    db.session.flush()


def fallback_message_id(raw: bytes) -> str:
    """The Message-ID from the headers alone (cheap, also for huge or broken mail)."""
    try:
        headers = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
        return message_id_of(headers, raw)
    except Exception:
        return "<sha256-" + hashlib.sha256(raw).hexdigest() + "@unparseable>"


def quarantine_after_error(raw: bytes, error: Exception, *, now: datetime) -> IngestResult:
    """After a rolled-back attempt: keep the message with the error, in a new transaction."""
    digest = content_digest(raw)
    existing = seen_before(digest)
    if existing is not None:
        return IngestResult(existing, duplicate=True)
    row = _store(
        raw,
        digest=digest,
        message_id=fallback_message_id(raw),
        now=now,
        status=InboundStatus.QUARANTINED,
        reason=f"processing failed: {error!r}"[:500],
    )
    return IngestResult(row)
