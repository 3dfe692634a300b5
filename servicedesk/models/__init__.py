"""All models, imported here so Alembic and the app see the whole schema."""

from servicedesk.models.answers import ClosureCode, Macro, StandardAnswer
from servicedesk.models.api_token import ApiToken
from servicedesk.models.audit import AuditLog
from servicedesk.models.catalog import Queue, QueueMember, Service
from servicedesk.models.change import (  # noqa: E402  (after Ticket, which it references)
    ApprovalRole,
    CabMember,
    Change,
    ChangeApproval,
    ChangeHistory,
    ChangeKind,
    ChangeReview,
    ChangeReviewIncident,
    ChangeService,
    ChangeState,
    Decision,
    FreezePeriod,
    ReviewOutcome,
    TicketChange,
)
from servicedesk.models.jobs import JobLease
from servicedesk.models.mail import InboundMessage, InboundStatus, OutboxMessage, OutboxStatus
from servicedesk.models.org import Unit, UnitKind
from servicedesk.models.problem import Problem, ProblemStatus, ProblemTicket  # noqa: E402
from servicedesk.models.reports import ReportSubscription, SurveyResponse
from servicedesk.models.routing import AutoAssign, RoutingRule, TicketTag
from servicedesk.models.saved_view import SavedView
from servicedesk.models.search import SearchDocument
from servicedesk.models.settings_revision import SettingsRevision
from servicedesk.models.sla import (
    Calendar,
    CalendarClosedDate,
    CalendarHours,
    CalendarShortDay,
    CalendarShortYear,
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
from servicedesk.models.user import LoginAttempt, Role, User, UserRole

__all__ = [
    "ClosureCode",
    "Macro",
    "StandardAnswer",
    "ApiToken",
    "ApprovalRole",
    "AuditLog",
    "AutoAssign",
    "CabMember",
    "Change",
    "ChangeApproval",
    "ChangeHistory",
    "ChangeKind",
    "ChangeReview",
    "ChangeReviewIncident",
    "ChangeService",
    "ChangeState",
    "Decision",
    "FreezePeriod",
    "Problem",
    "ProblemStatus",
    "ProblemTicket",
    "ReviewOutcome",
    "RoutingRule",
    "SavedView",
    "SearchDocument",
    "SettingsRevision",
    "TicketChange",
    "TicketTag",
    "Calendar",
    "CalendarClosedDate",
    "CalendarHours",
    "CalendarShortDay",
    "CalendarShortYear",
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
    "LoginAttempt",
    "InboundMessage",
    "InboundStatus",
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
