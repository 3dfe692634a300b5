"""What reports need beyond tickets and timers: survey answers and monthly-report subscribers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.sla import SlaTimer
from servicedesk.models.ticket import Ticket, TicketHistory


class SurveyResponse(db.Model):
    """The requester's rating of a resolved ticket; one per ticket (unique `ticket_id`)."""

    __tablename__ = "survey_response"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), unique=True)
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<SurveyResponse ticket={self.ticket_id} rating={self.rating}>"


class ReportSubscription(db.Model):
    """A manager who wants the monthly SLA summary by mail."""

    __tablename__ = "report_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Reports select timers by the instant they ended: met (stop) or ran out (breach).
# The indexes live here (not in sla.py/ticket.py) so this area's migration owns them.
Index("ix_sla_timer_kind_met", SlaTimer.kind, SlaTimer.met_at)
Index("ix_sla_timer_kind_breached", SlaTimer.kind, SlaTimer.breached_at)
Index("ix_ticket_resolved", Ticket.resolved_at)
Index("ix_ticket_history_field_at", TicketHistory.field, TicketHistory.at)
