"""Which policy, calendar and target a ticket's timers use (service first, then defaults)."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.domain.sla.calendar import CalendarSpec, spec_from_model
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, Queue, SlaPolicy, Ticket
from servicedesk.models.sla import TimerKind

_SPEC_ATTR = "_sla_spec"


def policy_for(ticket: Ticket) -> SlaPolicy | None:
    """The service's policy, else the default policy (None: no SLA at all)."""
    service = ticket.service
    if service is not None and service.sla_policy_id is not None:
        return db.session.get(SlaPolicy, service.sla_policy_id)
    return db.session.scalar(select(SlaPolicy).where(SlaPolicy.is_default.is_(True)).limit(1))


def calendar_for(ticket: Ticket, queue: Queue | None = None) -> Calendar | None:
    """The service's calendar, else the queue's, else the default calendar."""
    service = ticket.service
    if service is not None and service.calendar_id is not None:
        return db.session.get(Calendar, service.calendar_id)
    queue = queue or ticket.queue
    if queue is not None and queue.calendar_id is not None:
        return db.session.get(Calendar, queue.calendar_id)
    return db.session.scalar(select(Calendar).where(Calendar.is_default.is_(True)).limit(1))


def target_for(policy: SlaPolicy, priority: int, kind: str) -> int | None:
    """Business minutes for one kind of timer at one priority (None: no target)."""
    for target in policy.targets:
        if target.priority == priority:
            return {
                TimerKind.FIRST_RESPONSE: target.first_response_minutes,
                TimerKind.RESOLUTION: target.resolution_minutes,
                TimerKind.OLA: target.ola_minutes,
            }[TimerKind(kind)]
    return None


def spec_for(calendar: Calendar) -> CalendarSpec:
    """The arithmetic view of a calendar row, built once per loaded instance."""
    spec = calendar.__dict__.get(_SPEC_ATTR)
    if spec is None:
        spec = spec_from_model(calendar)
        calendar.__dict__[_SPEC_ATTR] = spec
    return spec


def forget_spec(calendar: Calendar) -> None:
    """After an admin edit: the next computation rebuilds the spec."""
    calendar.__dict__.pop(_SPEC_ATTR, None)
