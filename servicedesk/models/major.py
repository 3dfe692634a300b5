"""Major incidents: one incident that stands for many, the incidents linked to it as its
children, its timeline, and the per-service thresholds that suggest one."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.catalog import Service
from servicedesk.models.problem import Problem
from servicedesk.models.ticket import Ticket
from servicedesk.models.user import User


class MajorEventKind(enum.StrEnum):
    """What the timeline stores; "detected" (the first case registered) and the notices'
    steps are read from the tickets and notice events themselves."""

    DECLARED = "declared"  # marked as major
    CHILD = "child"  # an incident linked
    UPDATE = "update"  # a public update to every linked requester
    WORKAROUND = "workaround"
    RESOLVED = "resolved"
    PROBLEM = "problem"  # linked to the problem record that follows


class MajorIncident(db.Model):
    """The major incident record of a ticket (the ticket stays an ordinary incident)."""

    __tablename__ = "major_incident"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), unique=True)
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    workaround: Mapped[str] = mapped_column(Text, default="")
    problem_id: Mapped[int | None] = mapped_column(
        ForeignKey("problem.id", ondelete="SET NULL"), index=True
    )

    ticket: Mapped[Ticket] = relationship()
    declared_by: Mapped[User | None] = relationship()
    problem: Mapped[Problem | None] = relationship()


class MajorChild(db.Model):
    """An incident linked to a major incident: a case belongs to at most one; an employee
    who joined with "Jag är också drabbad" is `affected_user_id`, once per major incident."""

    __tablename__ = "major_child"
    __table_args__ = (
        UniqueConstraint("major_id", "affected_user_id"),
        Index("ix_major_child_major", "major_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    major_id: Mapped[int] = mapped_column(ForeignKey("major_incident.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), unique=True)
    affected_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship()


class MajorEvent(db.Model):
    """One line of the major incident's timeline (for the post-incident review)."""

    __tablename__ = "major_event"
    __table_args__ = (
        CheckConstraint(
            "kind IN (" + ",".join(f"'{k.value}'" for k in MajorEventKind) + ")", name="kind"
        ),
        Index("ix_major_event_major_at", "major_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    major_id: Mapped[int] = mapped_column(ForeignKey("major_incident.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text, default="")
    ref: Mapped[str] = mapped_column(String(40), default="")

    actor: Mapped[User | None] = relationship()


class MajorThreshold(db.Model):
    """Suggest a major incident when `count` incidents of the service arrive within
    `minutes` (set by admins per service)."""

    __tablename__ = "major_threshold"
    __table_args__ = (
        CheckConstraint("count BETWEEN 2 AND 1000", name="count"),
        CheckConstraint("minutes BETWEEN 1 AND 1440", name="minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), unique=True
    )
    count: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    service: Mapped[Service] = relationship()
