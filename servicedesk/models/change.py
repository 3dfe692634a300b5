"""Change requests: planned, risk-assessed and approved changes to services (guideline
3.6, 3.8, 3.9), their approvals, history, freeze periods, reviews and the CAB group."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.catalog import Service
from servicedesk.models.ticket import Ticket
from servicedesk.models.user import User


class ChangeKind(enum.StrEnum):
    STANDARD = "standard"  # a pre-approved template: no approval round
    NORMAL = "normal"
    EMERGENCY = "emergency"  # one authorised approver, reviewed afterwards


class ChangeState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ASSESSMENT = "assessment"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    REJECTED = "rejected"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    UNDER_REVIEW = "under_review"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class ApprovalRole(enum.StrEnum):
    SERVICE_OWNER = "service_owner"
    CAB = "cab"
    EMERGENCY = "emergency"


class Decision(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ReviewOutcome(enum.StrEnum):
    SUCCESSFUL = "successful"
    PARTIAL = "partial"
    FAILED = "failed"
    BACKED_OUT = "backed_out"


def _in(values: type[enum.StrEnum]) -> str:
    return "(" + ",".join(f"'{v.value}'" for v in values) + ")"


def format_change_reference(change_id: int | None) -> str:
    """CHG-000045: derived from the primary key, like ticket references."""
    return f"CHG-{change_id or 0:06d}"


class ChangeService(db.Model):
    """A service the change touches: its owners approve, its windows may conflict."""

    __tablename__ = "change_service"
    __table_args__ = (UniqueConstraint("change_id", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("change_request.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)


class Change(db.Model):
    """A change request with its plans, cost, risk and consequence description."""

    __tablename__ = "change_request"
    __table_args__ = (
        CheckConstraint(f"kind IN {_in(ChangeKind)}", name="kind"),
        CheckConstraint(f"state IN {_in(ChangeState)}", name="state"),
        CheckConstraint("risk_likelihood IS NULL OR risk_likelihood BETWEEN 1 AND 4", name="rl"),
        CheckConstraint("risk_impact IS NULL OR risk_impact BETWEEN 1 AND 4", name="ri"),
        CheckConstraint("cost_one_off IS NULL OR cost_one_off >= 0", name="cost_one_off"),
        CheckConstraint("cost_yearly IS NULL OR cost_yearly >= 0", name="cost_yearly"),
        CheckConstraint(
            "planned_start IS NULL OR planned_end IS NULL OR planned_end > planned_start",
            name="window",
        ),
        Index("ix_change_request_window", "planned_start", "planned_end"),
        Index("ix_change_request_state", "state"),
        Index("ix_change_request_authority_created", "authority_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=ChangeKind.NORMAL)
    state: Mapped[str] = mapped_column(String(30), default=ChangeState.DRAFT)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    expected_benefit: Mapped[str] = mapped_column(Text, default="")
    planned_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    planned_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    implementation_plan: Mapped[str] = mapped_column(Text, default="")
    backout_plan: Mapped[str] = mapped_column(Text, default="")
    test_plan: Mapped[str] = mapped_column(Text, default="")
    cost_one_off: Mapped[int | None] = mapped_column(Integer)  # SEK
    cost_yearly: Mapped[int | None] = mapped_column(Integer)  # SEK per year of operation
    risk_likelihood: Mapped[int | None] = mapped_column(Integer)
    risk_impact: Mapped[int | None] = mapped_column(Integer)
    risk_text: Mapped[str] = mapped_column(Text, default="")
    consequence: Mapped[str] = mapped_column(Text, default="")  # incl. work environment
    communication_plan: Mapped[str] = mapped_column(Text, default="")
    requester_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The instant it became closed or cancelled (the records' "after closing"), else None.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The receiving authority (models/records.py), from the requester's unit when created.
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"))

    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    services: Mapped[list[Service]] = relationship(
        secondary="change_service", lazy="selectin", order_by=Service.name_sv
    )
    approvals: Mapped[list[ChangeApproval]] = relationship(
        back_populates="change", cascade="all, delete-orphan", order_by="ChangeApproval.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def reference(self) -> str:
        return format_change_reference(self.id)

    def __repr__(self) -> str:
        return f"<Change {self.reference} {self.state}>"


class ChangeApproval(db.Model):
    """One approver's decision on one change; decided_at and comment say who said what when."""

    __tablename__ = "change_approval"
    __table_args__ = (
        UniqueConstraint("change_id", "approver_id"),
        CheckConstraint(f"role IN {_in(ApprovalRole)}", name="role"),
        CheckConstraint(f"decision IN {_in(Decision)}", name="decision"),
        Index("ix_change_approval_approver_decision", "approver_id", "decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("change_request.id", ondelete="CASCADE"))
    approver_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    role: Mapped[str] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(20), default=Decision.PENDING)
    comment: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    change: Mapped[Change] = relationship(back_populates="approvals")
    approver: Mapped[User] = relationship()


class ChangeHistory(db.Model):
    """One change to a change request: who, when, which field, old and new value."""

    __tablename__ = "change_history"
    __table_args__ = (Index("ix_change_history_change_at", "change_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("change_request.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship()


class FreezePeriod(db.Model):
    """A window with no changes: global (no service) or for one service. [start, end)."""

    __tablename__ = "freeze_period"
    __table_args__ = (CheckConstraint("end_at > start_at", name="window"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), index=True)

    service: Mapped[Service | None] = relationship()


class ChangeReview(db.Model):
    """The post-implementation review: how it went and which incidents it caused."""

    __tablename__ = "change_review"
    __table_args__ = (CheckConstraint(f"outcome IN {_in(ReviewOutcome)}", name="outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(
        ForeignKey("change_request.id", ondelete="CASCADE"), unique=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    outcome: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviewer: Mapped[User] = relationship()
    incidents: Mapped[list[Ticket]] = relationship(
        secondary="change_review_incident", lazy="selectin"
    )


class ChangeReviewIncident(db.Model):
    """An incident the change caused, named in its review."""

    __tablename__ = "change_review_incident"
    __table_args__ = (UniqueConstraint("review_id", "ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("change_review.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)


class TicketChange(db.Model):
    """A ticket linked to a change (the change caused, fixes or is asked for by it)."""

    __tablename__ = "ticket_change"
    __table_args__ = (UniqueConstraint("ticket_id", "change_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"))
    change_id: Mapped[int] = mapped_column(
        ForeignKey("change_request.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CabMember(db.Model):
    """Member of the change advisory board: approves high-risk and emergency changes."""

    __tablename__ = "cab_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )

    user: Mapped[User] = relationship()
