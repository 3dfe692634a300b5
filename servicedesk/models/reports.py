"""What reports need beyond tickets and timers: survey answers and monthly-report subscribers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.infra.extensions import db
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


# The indexes live here (not in sla.py/ticket.py) so this area's migration owns them.
# Reports select timers by the instant they were decided: breached (breached_at) or else
# stopped in time (breached_at null, met_at); both are range scans of this index, which also
# covers the columns the aggregates read (queue_id: the OLA's queue).
Index(
    "ix_sla_timer_decided",
    SlaTimer.kind,
    SlaTimer.breached_at,
    SlaTimer.met_at,
    SlaTimer.warned_at,
    SlaTimer.ticket_id,
    SlaTimer.queue_id,
)
# The groupings of a timer's ticket, read per timer: a small covering index is far cheaper
# to probe a million times on SQLite than the ticket rows themselves.
Index(
    "ix_ticket_report", Ticket.id, Ticket.service_id, Ticket.queue_id, Ticket.priority, Ticket.type
)
# Resolved per week/month and satisfaction by service: the range covers what they read.
Index("ix_ticket_resolved", Ticket.resolved_at, Ticket.service_id, Ticket.queue_id)
Index("ix_ticket_history_field_at", TicketHistory.field, TicketHistory.at)
# Reopen rate: status changes to "resolved" in the period, with their ticket (covering).
Index(
    "ix_ticket_history_status_to",
    TicketHistory.field,
    TicketHistory.new_value,
    TicketHistory.at,
    TicketHistory.ticket_id,
)
# Business times: timers stopped (met_at) in the period, met or late, with the value ranked.
Index(
    "ix_sla_timer_stopped",
    SlaTimer.kind,
    SlaTimer.met_at,
    SlaTimer.elapsed_minutes,
    SlaTimer.ticket_id,
)
# Reopen rate: the (few) reopenings of a resolved ticket, by ticket and instant.
REOPENED = "field = 'status' AND old_value = 'resolved' AND new_value = 'open'"
Index(
    "ix_ticket_history_reopened",
    TicketHistory.ticket_id,
    TicketHistory.at,
    sqlite_where=text(REOPENED),
    postgresql_where=text(REOPENED),
)
