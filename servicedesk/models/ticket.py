"""Tickets (incidents, service requests), their conversation, files and history."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.answers import ClosureCode
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.catalog import Queue, Service
from servicedesk.models.files import StoredFile
from servicedesk.models.org import Unit
from servicedesk.models.user import User


class TicketType(enum.StrEnum):
    INCIDENT = "incident"
    SERVICE_REQUEST = "service_request"
    SECURITY = "security"  # informationssäkerhetsincident (domain/security)
    ACCESS = "access"  # an access request (behörighetsbeställning): models/access.py


class Status(enum.StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"


class PendingReason(enum.StrEnum):
    REQUESTER = "requester"
    SUPPLIER = "supplier"
    OTHER = "other"


class Channel(enum.StrEnum):
    PORTAL = "portal"
    EMAIL = "email"
    PHONE = "phone"
    API = "api"


OPEN_STATUS_VALUES = (Status.NEW.value, Status.OPEN.value, Status.PENDING.value)
OPEN_CONDITION = "status IN ('new', 'open', 'pending')"

REFERENCE_PREFIX = {
    TicketType.INCIDENT: "INC",
    TicketType.SERVICE_REQUEST: "REQ",
    TicketType.ACCESS: "BEH",
    TicketType.SECURITY: "SEC",
}


def _in(values: type[enum.StrEnum]) -> str:
    return "(" + ",".join(f"'{v.value}'" for v in values) + ")"


class Ticket(db.Model):
    """A case: an incident or a request from an employee, worked by a queue.

    The reference (INC-000123) is derived from the primary key, so it is unique without a
    counter that concurrent writers could race on.
    """

    __tablename__ = "ticket"
    __table_args__ = (
        CheckConstraint(f"type IN {_in(TicketType)}", name="type"),
        CheckConstraint(f"status IN {_in(Status)}", name="status"),
        CheckConstraint(f"channel IN {_in(Channel)}", name="channel"),
        CheckConstraint(
            f"pending_reason IS NULL OR pending_reason IN {_in(PendingReason)}",
            name="pending_reason",
        ),
        CheckConstraint("impact BETWEEN 1 AND 3", name="impact"),
        CheckConstraint("urgency BETWEEN 1 AND 3", name="urgency"),
        CheckConstraint("priority BETWEEN 1 AND 4", name="priority"),
        # The agent's queue view: open tickets of a queue in deadline order, and the
        # dashboard's per-queue counts, both served from this partial index alone.
        Index(
            "ix_ticket_open_queue_due",
            "queue_id",
            "due_at",
            "id",
            "assignee_id",
            "status",  # makes the counts covering (SQLite reads it to check the condition)
            sqlite_where=text(OPEN_CONDITION),
            postgresql_where=text(OPEN_CONDITION),
        ),
        # Lists of one status (resolved, closed) per queue, newest first, and their counts.
        Index("ix_ticket_queue_status_created", "queue_id", "status", "created_at"),
        Index("ix_ticket_requester_created", "requester_id", "created_at"),
        Index("ix_ticket_assignee_status", "assignee_id", "status"),
        Index("ix_ticket_service_created", "service_id", "created_at"),
        Index("ix_ticket_created", "created_at"),
        # The register (diarium) of one authority, newest first, paged by key.
        Index("ix_ticket_authority_created", "authority_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    requester_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requester_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queue.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    impact: Mapped[int] = mapped_column(Integer)
    urgency: Mapped[int] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=Status.NEW)
    pending_reason: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20), default=Channel.PORTAL)
    route_reason: Mapped[str] = mapped_column(Text, default="")
    # A system explanation as a code and parameters (domain/explanations.py), rendered in
    # the reader's language; route_reason then holds only what a person typed.
    route_explanation: Mapped[dict | None] = mapped_column(JSON)
    # Earliest deadline of the running requester-facing SLA timers (null when none runs);
    # kept by the SLA layer so lists sort by what breaches first from an index.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The resolution the requester reads (markdown) and why it was resolved (avslutskod);
    # kept after a reopen until the next resolution replaces them.
    solution: Mapped[str | None] = mapped_column(Text)
    closure_code_id: Mapped[int | None] = mapped_column(ForeignKey("closure_code.id"))
    # The receiving authority (a committee or company: models/records.py), derived from the
    # requester's unit when filed; a move is a history line (domain/records/authorities.py).
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"))

    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    requester_unit: Mapped[Unit | None] = relationship()
    service: Mapped[Service | None] = relationship()
    queue: Mapped[Queue] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    closure_code: Mapped[ClosureCode | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def confidential(self) -> bool:
        """About a restricted service (confidentiality 4): read from the service, never
        stored, so a reclassified service is reflected at once."""
        return self.service is not None and self.service.confidentiality >= 4

    @property
    def reference(self) -> str:
        return format_reference(self.type, self.id)

    def __repr__(self) -> str:
        return f"<Ticket {self.reference} {self.status}>"


def format_reference(ticket_type: str, ticket_id: int | None) -> str:
    prefix = REFERENCE_PREFIX.get(TicketType(ticket_type), "TKT")
    return f"{prefix}-{ticket_id or 0:06d}"


def split_reference(reference: str) -> tuple[str, int] | None:
    """Split 'ABC-000123' into ('ABC', 123); None unless the number is 1-9 ASCII digits
    ("²" is a digit to str.isdigit, and a longer number overflows the id column)."""
    prefix, _, number = (reference or "").strip().upper().partition("-")
    if not (number.isascii() and number.isdigit()) or len(number) > 9:
        return None
    return prefix, int(number)


def parse_reference(reference: str) -> tuple[str, int] | None:
    """Split 'INC-000123' into (type, id); None when it is not a ticket reference."""
    split = split_reference(reference)
    if split is None:
        return None
    for ticket_type, known in REFERENCE_PREFIX.items():
        if known == split[0]:
            return ticket_type.value, split[1]
    return None


class Comment(db.Model):
    """A public reply or an internal note; internal notes never reach the requester."""

    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_ticket_created", "ticket_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(20), default=Channel.PORTAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Comment {self.id} ticket={self.ticket_id} internal={self.internal}>"


class Attachment(StoredFile, db.Model):
    """A file on a ticket, stored under a random key and always served as a download."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="SET NULL"))
    internal: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.filename!r}>"


class TicketHistory(db.Model):
    """One change to a ticket: who, when, which field, old and new value."""

    __tablename__ = "ticket_history"
    __table_args__ = (Index("ix_ticket_history_ticket_at", "ticket_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    # What the system says about the change, as {"code", "params"} (domain/explanations.py);
    # `note` keeps only what a person typed.
    explanation: Mapped[dict | None] = mapped_column(JSON)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<TicketHistory {self.ticket_id} {self.field}>"
