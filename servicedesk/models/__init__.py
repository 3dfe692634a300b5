"""All models, imported here so Alembic and the app see the whole schema."""

from servicedesk.models.catalog import Queue, QueueMember, Service
from servicedesk.models.jobs import JobLease
from servicedesk.models.mail import OutboxMessage, OutboxStatus
from servicedesk.models.org import Unit, UnitKind
from servicedesk.models.reports import ReportSubscription, SurveyResponse
from servicedesk.models.sla import (
    Calendar,
    CalendarClosedDate,
    CalendarHours,
    CalendarShortDay,
    SlaEvent,
    SlaPolicy,
    SlaTarget,
    SlaTimer,
    TimerKind,
    TimerState,
)
from servicedesk.models.ticket import (
    Attachment,
    Channel,
    Comment,
    PendingReason,
    Status,
    Ticket,
    TicketHistory,
    TicketType,
)
from servicedesk.models.user import Role, User, UserRole

__all__ = [
    "Calendar",
    "CalendarClosedDate",
    "CalendarHours",
    "CalendarShortDay",
    "SlaEvent",
    "SlaPolicy",
    "SlaTarget",
    "SlaTimer",
    "TimerKind",
    "TimerState",
    "Attachment",
    "Channel",
    "Comment",
    "JobLease",
    "OutboxMessage",
    "OutboxStatus",
    "PendingReason",
    "Queue",
    "ReportSubscription",
    "SurveyResponse",
    "QueueMember",
    "Role",
    "Service",
    "Status",
    "Ticket",
    "TicketHistory",
    "TicketType",
    "Unit",
    "UnitKind",
    "User",
    "UserRole",
]
