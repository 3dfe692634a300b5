"""Outage notices (driftinformation): what employees are told about a service's
disruption or planned maintenance, with its history and the people who follow a service."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.catalog import Service
from servicedesk.models.ticket import Ticket
from servicedesk.models.user import User


class NoticeKind(enum.StrEnum):
    PLANNED = "planned"  # planerat underhåll
    DISRUPTION = "disruption"  # pågående störning
    RESOLVED = "resolved"  # åtgärdad


class NoticeState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class NoticeSeverity(enum.IntEnum):
    CRITICAL = 1  # the service cannot be used
    MAJOR = 2  # hampered for many
    MINOR = 3  # limited


def _in(values) -> str:
    return "(" + ",".join(f"'{v.value}'" for v in values) + ")"


class Notice(db.Model):
    """One notice about one or more services; public once published, drafts for staff."""

    __tablename__ = "notice"
    __table_args__ = (
        CheckConstraint(f"kind IN {_in(NoticeKind)}", name="kind"),
        CheckConstraint(f"state IN {_in(NoticeState)}", name="state"),
        CheckConstraint("severity BETWEEN 1 AND 3", name="severity"),
        CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", name="ends_after_start"),
        Index("ix_notice_state_resolved", "state", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default=NoticeState.DRAFT)
    severity: Mapped[int] = mapped_column(Integer, default=NoticeSeverity.MAJOR)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The major incident employees join with "Jag är också drabbad" (optional).
    major_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    services: Mapped[list[Service]] = relationship(
        secondary="notice_service", lazy="selectin", order_by=Service.name_sv
    )
    major_ticket: Mapped[Ticket | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Notice {self.id} {self.kind} {self.state}>"


class NoticeService(db.Model):
    __tablename__ = "notice_service"
    __table_args__ = (UniqueConstraint("notice_id", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )


class NoticeEvent(db.Model):
    """One step of a notice: created, published, updated, resolved, as it read then."""

    __tablename__ = "notice_event"
    __table_args__ = (Index("ix_notice_event_notice_at", "notice_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()


class NoticeSubscription(db.Model):
    """An employee who wants mail when a notice about the service is published, updated
    or resolved."""

    __tablename__ = "notice_subscription"
    __table_args__ = (UniqueConstraint("service_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
