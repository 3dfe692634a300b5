"""When an employee can expect a first answer: before filing (from the service's policy and
the likely priority, in working days or hours) and after (the first-response deadline)."""

from __future__ import annotations

import math
from datetime import datetime

from flask_babel import format_date, format_time, gettext, ngettext
from sqlalchemy import select

from servicedesk.domain.sla.calendar import CalendarSpec
from servicedesk.domain.sla.labels import working_day_minutes
from servicedesk.domain.sla.resolve import default_calendar, policy_for_service, spec_for
from servicedesk.domain.sla.resolve import target_for as policy_target
from servicedesk.domain.tickets.priority import priority_for
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, Service, SlaTimer, Ticket
from servicedesk.models.sla import TimerKind, TimerState


def first_answer_minutes(service: Service | None, impact: int, urgency: int) -> int | None:
    """Business minutes of the first-response target for a case of `service` at the
    priority its impact and urgency give (None: no policy applies)."""
    policy = policy_for_service(service)
    if policy is None:
        return None
    return policy_target(policy, priority_for(impact, urgency), TimerKind.FIRST_RESPONSE)


def answer_within(minutes: int, spec: CalendarSpec) -> str:
    """ "You get an answer within 1 working day" / "within 4 hours", rounded up."""
    day = working_day_minutes(spec)
    if not spec.always_open and minutes >= day:
        days = math.ceil(minutes / day)
        return ngettext(
            "You get an answer within %(num)d working day.",
            "You get an answer within %(num)d working days.",
            days,
        )
    if minutes >= 60:
        hours = math.ceil(minutes / 60)
        return ngettext(
            "You get an answer within %(num)d hour.",
            "You get an answer within %(num)d hours.",
            hours,
        )
    return ngettext(
        "You get an answer within %(num)d minute.",
        "You get an answer within %(num)d minutes.",
        minutes,
    )


def expected_answer_text(service: Service | None, impact: int, urgency: int) -> str:
    """What the new-case form says under the service ("" when no SLA applies)."""
    minutes = first_answer_minutes(service, impact, urgency)
    if minutes is None:
        return ""
    calendar = _service_calendar(service)
    spec = spec_for(calendar) if calendar is not None else CalendarSpec(always_open=True)
    return answer_within(minutes, spec)


def _service_calendar(service: Service | None) -> Calendar | None:
    if service is not None and service.calendar_id is not None:
        return db.session.get(Calendar, service.calendar_id)
    return default_calendar()


def answer_due(ticket: Ticket) -> datetime | None:
    """The first-response deadline while it runs (None once answered, paused or none)."""
    if ticket.first_response_at is not None:
        return None
    return db.session.scalar(
        select(SlaTimer.due_at).where(
            SlaTimer.ticket_id == ticket.id,
            SlaTimer.kind == TimerKind.FIRST_RESPONSE,
            SlaTimer.state == TimerState.RUNNING,
        )
    )


def answer_due_text(ticket: Ticket) -> str:
    """ "You get an answer by Tue 8 Dec at 12:00" in the reader's language and time zone."""
    due = answer_due(ticket)
    if due is None:
        return ""
    return gettext(
        "You get an answer by %(day)s at %(time)s.",
        day=format_date(due, "EEE d MMM"),
        time=format_time(due, "HH:mm"),
    )
