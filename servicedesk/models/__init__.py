"""All models, imported here so Alembic and the app see the whole schema."""

from servicedesk.models.api_token import ApiToken
from servicedesk.models.audit import AuditLog
from servicedesk.models.catalog import Queue, QueueMember, Service
from servicedesk.models.jobs import JobLease
from servicedesk.models.mail import InboundMessage, InboundStatus, OutboxMessage, OutboxStatus
from servicedesk.models.org import Unit, UnitKind
from servicedesk.models.routing import AutoAssign, RoutingRule, TicketTag
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
    "ApiToken",
    "AuditLog",
    "AutoAssign",
    "RoutingRule",
    "TicketTag",
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
    "InboundMessage",
    "InboundStatus",
    "OutboxMessage",
    "OutboxStatus",
    "PendingReason",
    "Queue",
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
