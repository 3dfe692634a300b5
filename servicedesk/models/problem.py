"""Problem records: the cause behind incidents, its workaround and the change that fixes it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
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
from servicedesk.models.change import Change
from servicedesk.models.ticket import Ticket
from servicedesk.models.user import User


class ProblemStatus(enum.StrEnum):
    OPEN = "open"
    KNOWN_ERROR = "known_error"
    RESOLVED = "resolved"
    CLOSED = "closed"


def format_problem_reference(problem_id: int | None) -> str:
    return f"PRB-{problem_id or 0:06d}"


class ProblemTicket(db.Model):
    """An incident linked to a problem (the ticket↔problem link)."""

    __tablename__ = "problem_ticket"
    __table_args__ = (UniqueConstraint("problem_id", "ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problem.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Problem(db.Model):
    """The unknown (or known) cause of one or more incidents."""

    __tablename__ = "problem"
    __table_args__ = (
        CheckConstraint(
            "status IN " + "(" + ",".join(f"'{s.value}'" for s in ProblemStatus) + ")",
            name="status",
        ),
        Index("ix_problem_authority_created", "authority_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ProblemStatus.OPEN, index=True)
    root_cause: Mapped[str] = mapped_column(Text, default="")
    workaround: Mapped[str] = mapped_column(Text, default="")
    known_error: Mapped[bool] = mapped_column(Boolean, default=False)
    fix_change_id: Mapped[int | None] = mapped_column(
        ForeignKey("change_request.id", ondelete="SET NULL"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The instant it was closed (the records' "after closing"), else None.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The receiving authority (models/records.py), from the creator's unit when created.
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"))

    fix_change: Mapped[Change | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    incidents: Mapped[list[Ticket]] = relationship(
        secondary="problem_ticket", lazy="selectin", order_by=Ticket.id
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def reference(self) -> str:
        return format_problem_reference(self.id)

    def __repr__(self) -> str:
        return f"<Problem {self.reference} {self.status}>"
