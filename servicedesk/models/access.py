"""Access (behörigheter, guideline 3.10): which services grant which roles, requests and
their approval decisions, fulfilment tasks, the access register and access reviews."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
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
from servicedesk.models.catalog import Queue, Service
from servicedesk.models.org import Unit
from servicedesk.models.ticket import Ticket
from servicedesk.models.user import User


class ApprovalChain(enum.StrEnum):
    """Who approves a role, in order: the person's manager (chef), the service's
    systemförvaltare (or deputy), or both."""

    MANAGER = "manager"
    ADMINISTRATOR = "administrator"
    BOTH = "manager_then_administrator"


class ApprovalStep(enum.StrEnum):
    MANAGER = "manager"
    ADMINISTRATOR = "administrator"


STEPS: dict[str, tuple[ApprovalStep, ...]] = {
    ApprovalChain.MANAGER: (ApprovalStep.MANAGER,),
    ApprovalChain.ADMINISTRATOR: (ApprovalStep.ADMINISTRATOR,),
    ApprovalChain.BOTH: (ApprovalStep.MANAGER, ApprovalStep.ADMINISTRATOR),
}


class RequestKind(enum.StrEnum):
    GRANT = "grant"
    REVOKE = "revoke"


class RequestState(enum.StrEnum):
    PENDING = "pending"  # waiting for the approver of the current step
    APPROVED = "approved"  # every step approved; the fulfilment task is open
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    FULFILLED = "fulfilled"


class Verdict(enum.StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class TaskState(enum.StrEnum):
    OPEN = "open"
    DONE = "done"


class TaskReason(enum.StrEnum):
    """Why a task exists: a request, a departure, an expired grant or a review's revoke."""

    REQUEST = "request"
    DEPARTURE = "departure"
    EXPIRY = "expiry"
    REVIEW = "review"


class ReviewState(enum.StrEnum):
    OPEN = "open"
    DONE = "done"


class ReviewAnswer(enum.StrEnum):
    KEEP = "keep"
    REVOKE = "revoke"


def _in(values) -> str:
    return "(" + ",".join(f"'{v.value}'" for v in values) + ")"


class AccessService(db.Model):
    """A service that grants access, with its review cycle and notice periods."""

    __tablename__ = "access_service"
    __table_args__ = (
        CheckConstraint("review_months BETWEEN 1 AND 24", name="review_months"),
        CheckConstraint("escalate_after_days BETWEEN 1 AND 90", name="escalate_after_days"),
        CheckConstraint("expiry_warning_days BETWEEN 1 AND 90", name="expiry_warning_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), unique=True)
    review_months: Mapped[int] = mapped_column(Integer, default=3)
    escalate_after_days: Mapped[int] = mapped_column(Integer, default=14)
    expiry_warning_days: Mapped[int] = mapped_column(Integer, default=14)
    # The day the next review opens; null: at the scheduler's next run.
    next_review_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    service: Mapped[Service] = relationship()


class AccessRole(db.Model):
    """A role a service offers (läsbehörighet, handläggare, administratör)."""

    __tablename__ = "access_role"
    __table_args__ = (
        UniqueConstraint("service_id", "name_sv"),
        CheckConstraint(f"chain IN {_in(ApprovalChain)}", name="chain"),
        CheckConstraint("name_sv <> ''", name="name_sv"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    name_sv: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    chain: Mapped[str] = mapped_column(String(40), default=ApprovalChain.BOTH)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    service: Mapped[Service] = relationship()

    def name_for(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_sv


class AccessGrant(db.Model):
    """One line of the access register: a person's role in a service, valid from/to,
    granted by which request and decision, ended (revoked) when and why."""

    __tablename__ = "access_grant"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_period"),
        CheckConstraint("person_id IS NOT NULL OR person_email <> ''", name="person"),
        Index("ix_access_grant_service_person", "service_id", "person_id"),
        Index("ix_access_grant_person", "person_id"),
        # Grants for someone not yet started, found by e-mail when their account appears.
        Index("ix_access_grant_email", "person_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    role_id: Mapped[int] = mapped_column(ForeignKey("access_role.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    person_name: Mapped[str] = mapped_column(String(200))
    person_email: Mapped[str] = mapped_column(String(254), default="")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("access_request.id"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("access_decision.id"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expiry_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revoke_reason: Mapped[str] = mapped_column(Text, default="")

    service: Mapped[Service] = relationship()
    role: Mapped[AccessRole] = relationship()
    person: Mapped[User | None] = relationship(foreign_keys=[person_id])
    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
    request: Mapped[AccessRequest | None] = relationship(foreign_keys=[request_id])
    decision: Mapped[AccessDecision | None] = relationship(foreign_keys=[decision_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def expired_on(self, today: date) -> bool:
        return self.valid_to is not None and self.valid_to < today


class AccessRequest(db.Model):
    """A request to grant (or revoke) access: the BEH ticket's own facts. A revocation
    names its grant through its task (`AccessTask.grant_id`), which opens at once."""

    __tablename__ = "access_request"
    __table_args__ = (
        CheckConstraint(f"kind IN {_in(RequestKind)}", name="kind"),
        CheckConstraint(f"state IN {_in(RequestState)}", name="state"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_period"),
        CheckConstraint("person_id IS NOT NULL OR person_email <> ''", name="person"),
        Index("ix_access_request_state", "state", "id"),
        Index("ix_access_request_email", "person_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default=RequestKind.GRANT)
    state: Mapped[str] = mapped_column(String(20), default=RequestState.PENDING)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("access_role.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    person_name: Mapped[str] = mapped_column(String(200))
    person_email: Mapped[str] = mapped_column(String(254), default="")
    # The person's unit: whose manager approves (also for someone not yet employed).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    reason: Mapped[str] = mapped_column(Text)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    chain: Mapped[str] = mapped_column(String(40))  # the role's chain when it was asked
    step: Mapped[int] = mapped_column(Integer, default=0)  # index of the current step
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    ticket: Mapped[Ticket] = relationship()
    service: Mapped[Service] = relationship()
    role: Mapped[AccessRole] = relationship()
    person: Mapped[User | None] = relationship(foreign_keys=[person_id])
    unit: Mapped[Unit | None] = relationship()
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decisions: Mapped[list[AccessDecision]] = relationship(
        order_by="AccessDecision.step", viewonly=True
    )

    @property
    def steps(self) -> tuple[ApprovalStep, ...]:
        return STEPS[self.chain] if self.kind == RequestKind.GRANT else ()

    @property
    def current_step(self) -> ApprovalStep | None:
        if self.state != RequestState.PENDING or self.step >= len(self.steps):
            return None
        return self.steps[self.step]

    @property
    def reference(self) -> str:
        return self.ticket.reference


class AccessDecision(db.Model):
    """One approver's decision on one step of a request: who, when, why."""

    __tablename__ = "access_decision"
    __table_args__ = (
        UniqueConstraint("request_id", "step"),
        CheckConstraint(f"decision IN {_in(Verdict)}", name="decision"),
        CheckConstraint(f"step_kind IN {_in(ApprovalStep)}", name="step_kind"),
        CheckConstraint("reason <> ''", name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_request.id"))
    step: Mapped[int] = mapped_column(Integer)
    step_kind: Mapped[str] = mapped_column(String(20))
    approver_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)

    approver: Mapped[User] = relationship()


class AccessTask(db.Model):
    """Work for the service's queue: put a granted role in place, or take one away. Its
    desk ticket (`ticket_id`, a service request in the queue) is how agents see, claim
    and resolve it; resolving either one completes both (domain/access/tasks.py)."""

    __tablename__ = "access_task"
    __table_args__ = (
        CheckConstraint(f"kind IN {_in(RequestKind)}", name="kind"),
        CheckConstraint(f"state IN {_in(TaskState)}", name="state"),
        CheckConstraint(f"reason IN {_in(TaskReason)}", name="reason"),
        CheckConstraint("kind = 'grant' OR grant_id IS NOT NULL", name="revoke_grant"),
        Index("ix_access_task_queue_state", "queue_id", "state"),
        Index("ix_access_task_grant", "grant_id", "state"),
        Index("ix_access_task_ticket", "ticket_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(20), default=TaskReason.REQUEST)
    state: Mapped[str] = mapped_column(String(10), default=TaskState.OPEN)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queue.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("access_request.id"))
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("access_grant.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    service: Mapped[Service] = relationship()
    queue: Mapped[Queue] = relationship()
    request: Mapped[AccessRequest | None] = relationship()
    grant: Mapped[AccessGrant | None] = relationship()
    ticket: Mapped[Ticket | None] = relationship()
    done_by: Mapped[User | None] = relationship()


class AccessReview(db.Model):
    """A review (behörighetsuppföljning) of one service's active grants."""

    __tablename__ = "access_review"
    __table_args__ = (
        CheckConstraint(f"state IN {_in(ReviewState)}", name="state"),
        Index("ix_access_review_service_opened", "service_id", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    state: Mapped[str] = mapped_column(String(10), default=ReviewState.OPEN)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)  # escalated when still open then
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    service: Mapped[Service] = relationship()
    reviewer: Mapped[User | None] = relationship()
    lines: Mapped[list[AccessReviewLine]] = relationship(
        order_by="AccessReviewLine.id", viewonly=True
    )


class AccessReviewLine(db.Model):
    """One active grant in a review, answered keep or revoke."""

    __tablename__ = "access_review_line"
    __table_args__ = (
        UniqueConstraint("review_id", "grant_id"),
        CheckConstraint(
            f"answer IS NULL OR answer IN {_in(ReviewAnswer)}",
            name="answer",
        ),
        Index("ix_access_review_line_grant", "grant_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("access_review.id"))
    grant_id: Mapped[int] = mapped_column(ForeignKey("access_grant.id"))
    answer: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    grant: Mapped[AccessGrant] = relationship()
    answered_by: Mapped[User | None] = relationship()
