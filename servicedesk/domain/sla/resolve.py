"""Which policy, calendar and target a ticket's timers use (service first, then defaults)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from servicedesk.domain.settings_cache import cached
from servicedesk.domain.sla.calendar import CalendarSpec, spec_from_model
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, Queue, Service, SlaPolicy, Ticket
from servicedesk.models.sla import CALENDAR_ROWS, TimerKind


def policy_for(ticket: Ticket) -> SlaPolicy | None:
    """The service's policy, else the default policy (None: no SLA at all)."""
    return policy_for_service(ticket.service)


def policy_for_service(service: Service | None) -> SlaPolicy | None:
    """The policy a case of `service` gets (also before it is filed)."""
    if service is not None and service.sla_policy_id is not None:
        return db.session.get(SlaPolicy, service.sla_policy_id)
    return db.session.scalar(select(SlaPolicy).where(SlaPolicy.is_default.is_(True)).limit(1))


def default_calendar() -> Calendar | None:
    return db.session.scalar(select(Calendar).where(Calendar.is_default.is_(True)).limit(1))


def calendar_for(ticket: Ticket, queue: Queue | None = None) -> Calendar | None:
    """The service's calendar, else the queue's, else the default calendar."""
    service = ticket.service
    if service is not None and service.calendar_id is not None:
        return db.session.get(Calendar, service.calendar_id)
    queue = queue or ticket.queue
    if queue is not None and queue.calendar_id is not None:
        return db.session.get(Calendar, queue.calendar_id)
    return default_calendar()


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


@dataclass(frozen=True)
class TargetFacts:
    priority: int
    first_response_minutes: int
    resolution_minutes: int
    ola_minutes: int | None


@dataclass(frozen=True)
class PolicyFacts:
    """A policy as plain values (what starting timers reads), kept across requests."""

    id: int
    warn_percent: int
    pause_on_requester: bool
    pause_on_supplier: bool
    pause_on_other: bool
    targets: tuple[TargetFacts, ...]


@dataclass(frozen=True)
class CalendarFacts:
    id: int
    spec: CalendarSpec


def policy_facts_for(ticket: Ticket) -> PolicyFacts | None:
    """`policy_for` as plain values, from the per-process settings cache."""
    service = ticket.service
    key = ("sla.policy", service.sla_policy_id if service is not None else None)
    return cached(key, lambda: _policy_facts(policy_for(ticket)))


def _policy_facts(policy: SlaPolicy | None) -> PolicyFacts | None:
    if policy is None:
        return None
    targets = tuple(
        TargetFacts(t.priority, t.first_response_minutes, t.resolution_minutes, t.ola_minutes)
        for t in policy.targets
    )
    return PolicyFacts(
        policy.id,
        policy.warn_percent,
        bool(policy.pause_on_requester),
        bool(policy.pause_on_supplier),
        bool(policy.pause_on_other),
        targets,
    )


def calendar_facts_for(ticket: Ticket, queue: Queue | None = None) -> CalendarFacts | None:
    """`calendar_for` (its id and arithmetic), from the per-process settings cache."""
    service = ticket.service
    queue = queue or ticket.queue
    calendar_id = service.calendar_id if service is not None else None
    if calendar_id is None and queue is not None:
        calendar_id = queue.calendar_id
    return cached(("sla.calendar", calendar_id), lambda: _calendar_facts(ticket, queue))


def _calendar_facts(ticket: Ticket, queue: Queue | None) -> CalendarFacts | None:
    calendar = calendar_for(ticket, queue)
    return None if calendar is None else CalendarFacts(calendar.id, spec_for(calendar))


# Per process: calendar id -> (revision, spec). The spec carries its built years, so a
# worker computes a calendar's year once, until an edit gives the calendar a new revision.
_SPECS: dict[int, tuple[str, CalendarSpec]] = {}


def spec_for(calendar: Calendar) -> CalendarSpec:
    """The arithmetic view of a calendar row, cached per process behind its revision.

    The check reads one column of the row the caller loaded anyway; an admin's edit gives a
    new revision, so no worker computes with the old hours after the edit commits."""
    revision = calendar.revision
    found = _SPECS.get(calendar.id)
    if found is not None and found[0] == revision:
        return found[1]
    spec = spec_from_model(calendar)
    if revision is not None and not _unsaved_changes(calendar):
        _SPECS[calendar.id] = (revision, spec)
    return spec


def _unsaved_changes(calendar: Calendar) -> bool:
    """Edits not flushed yet (the revision is still the old one): do not cache them."""
    session = db.session
    if calendar in session.new or session.is_modified(calendar):
        return True
    return any(
        isinstance(obj, CALENDAR_ROWS) for obj in (*session.new, *session.dirty, *session.deleted)
    )


def forget_spec(calendar: Calendar) -> None:
    """After an admin edit: the next computation rebuilds the spec (the new revision would
    make it do so anyway; this also frees the old one at once)."""
    _SPECS.pop(calendar.id, None)
