"""Security incidents (informationssäkerhetsincident): the handler's facts and the legal
clocks' decisions. The ticket is the case (type `security`); the clocks are `SlaTimer` rows
of the legal kinds (models/sla.py `LEGAL_KINDS`)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.catalog import Queue
from servicedesk.models.user import User


class SecurityQueue(db.Model):
    """The one queue that works security incidents: its members see them (one row)."""

    __tablename__ = "security_queue"
    __table_args__ = (CheckConstraint("id = 1", name="single"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    queue_id: Mapped[int] = mapped_column(ForeignKey("queue.id"))

    queue: Mapped[Queue] = relationship()


class SecurityIncident(db.Model):
    """What the handler knows of one security ticket: what was affected, whether personal
    data is involved, whether the cybersecurity law (NIS2) covers it, and when the
    organisation became aware (the clocks run from `aware_at`)."""

    __tablename__ = "security_incident"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), unique=True)
    confidentiality: Mapped[bool] = mapped_column(Boolean, default=False)
    integrity: Mapped[bool] = mapped_column(Boolean, default=False)
    availability: Mapped[bool] = mapped_column(Boolean, default=False)
    personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    nis2_covered: Mapped[bool] = mapped_column(Boolean, default=False)
    aware_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClockOutcome(enum.StrEnum):
    SUBMITTED = "submitted"  # the report reached the authority: the clock is met
    NOT_REPORTABLE = "not_reportable"  # decided not reportable: stopped without a breach


class SecurityClockDecision(db.Model):
    """How one legal clock ended: the report submitted (when, by whom, the authority's
    reference number) or the decision "not reportable" with its reason. One per timer."""

    __tablename__ = "security_clock_decision"
    __table_args__ = (
        CheckConstraint("outcome IN ('submitted','not_reportable')", name="outcome"),
        CheckConstraint(
            "outcome <> 'submitted' OR (submitted_at IS NOT NULL AND authority_reference <> '')",
            name="submitted_facts",
        ),
        CheckConstraint("outcome <> 'not_reportable' OR reason <> ''", name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    timer_id: Mapped[int] = mapped_column(
        ForeignKey("sla_timer.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    authority_reference: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)

    decided_by: Mapped[User] = relationship()
