"""The durable mail outbox: every outgoing message is a row written in the same
transaction as the change that caused it, sent and retried by a scheduler job."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the retry window; shown to admins


class OutboxMessage(db.Model):
    """One message to send. `key` is the idempotency key of the event that caused it
    (e.g. "sla-breach:timer:42:lead:7"): the unique constraint makes a second attempt
    to queue the same notification a no-op instead of a duplicate mail."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint("status IN ('pending','sent','failed')", name="status"),
        CheckConstraint("(claimed_by IS NULL) = (claimed_until IS NULL)", name="claim"),
        Index("ix_outbox_message_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(50))
    to_address: Mapped[str] = mapped_column(String(254))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(2000))
    # The sender that is delivering the row right now, and until when its claim holds: a
    # sender claims a row (atomically, only when unclaimed or the claim has lapsed) before
    # it sends, so concurrent senders deliver each message once; a crashed sender's claim
    # lapses and the row is sent by the next run.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} to={self.to_address} {self.status}>"


class InboundStatus(enum.StrEnum):
    PROCESSED = "processed"  # became a case or a reply
    QUARANTINED = "quarantined"  # could not be parsed or routed; raw kept for admins
    IGNORED = "ignored"  # automated mail (auto-reply, bounce, list): stored, not acted on


class InboundMessage(db.Model):
    """One received message. The unique `digest` (SHA-256 of the message as its sender's
    system wrote it, see ingest.content_digest) makes a re-delivered or re-fetched message
    a no-op; the Message-ID is not unique, since different messages share one (broken
    clients, list software, forgeries). Quarantined and ignored mail keeps its raw bytes so
    nothing is lost and an admin can reprocess it."""

    __tablename__ = "inbound_message"
    __table_args__ = (
        CheckConstraint("status IN ('processed','quarantined','ignored')", name="status"),
        CheckConstraint("length(digest) = 64", name="digest_sha256"),
        Index("ix_inbound_message_sender_received", "sender", "received_at"),
        Index("ix_inbound_message_status_received", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    message_id: Mapped[str] = mapped_column(String(500), index=True)
    sender: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(500), default="")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"<InboundMessage {self.id} {self.status} from={self.sender}>"
