"""Bringing a previous system's tickets in, in batches: 100,000 in minutes, not hours.

Each ticket gets what `create_ticket` and the status changes at its historical times
would give it (routing, history lines, tags, final status, SLA timers with their events),
but computed once per ticket and written a batch at a time: one INSERT per table per
batch, no read-back, no per-row flush or commit. Nobody is mailed (it all happened long
ago) and no domain events are sent: the SLA timers are computed here, by
`domain/sla/history.py`, with the same calendar arithmetic as the live clock.
`tests/api/test_import.py` checks that a batch gives the same rows as the one-by-one path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from servicedesk.domain.records.authorities import authority_for_ticket
from servicedesk.domain.routing.engine import decide_route
from servicedesk.domain.routing.router import (
    case_facts,
    catalog_facts,
    load_rules,
    to_route_decision,
)
from servicedesk.domain.sla.history import plan_timers, ticket_due
from servicedesk.domain.sla.resolve import calendar_for, policy_for
from servicedesk.domain.text import single_line
from servicedesk.domain.tickets.priority import priority_for
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Channel,
    SlaEvent,
    SlaTimer,
    Status,
    Ticket,
    TicketHistory,
    TicketTag,
    TicketType,
    User,
)
from servicedesk.models.ticket import format_reference

BATCH = 1000


@dataclass
class HistoricalTicket:
    """One checked row of a history file (the caller has validated every field)."""

    requester: User
    title: str
    description: str
    created_at: datetime
    service: object = None
    ticket_type: str = TicketType.INCIDENT
    impact: int = 3
    urgency: int = 3
    channel: str = Channel.API
    resolved_at: datetime | None = None
    closed_at: datetime | None = None


class _Lookups:
    """What is the same for many rows, looked up once: rules, catalog, policy, calendar."""

    def __init__(self):
        self.rules = load_rules()
        self.catalogs: dict = {}
        self.sla: dict = {}

    def catalog(self, service):
        key = service.id if service is not None else None
        if key not in self.catalogs:
            self.catalogs[key] = catalog_facts(service)
        return self.catalogs[key]

    def policy_and_calendar(self, ticket: Ticket):
        key = (ticket.service_id if ticket.service else None, ticket.queue.id)
        if key not in self.sla:
            self.sla[key] = (policy_for(ticket), calendar_for(ticket, ticket.queue))
        return self.sla[key]


def import_history(
    actor: User, entries: Iterable[HistoricalTicket], *, now: datetime, batch: int = BATCH
) -> int:
    """File every entry; flushes per batch and never commits (the caller commits once)."""
    lookups, pending, count = _Lookups(), [], 0
    for entry in entries:
        pending.append(entry)
        if len(pending) >= batch:
            count += _write_batch(actor, pending, lookups)
            pending = []
    if pending:
        count += _write_batch(actor, pending, lookups)
    return count


def _ticket(actor: User, entry: HistoricalTicket, lookups: _Lookups):
    last = entry.closed_at or entry.resolved_at or entry.created_at
    status = Status.CLOSED if entry.closed_at else Status.RESOLVED if entry.resolved_at else None
    ticket = Ticket(
        type=str(entry.ticket_type),
        title=single_line(entry.title),
        description=entry.description.strip(),
        requester=entry.requester,
        requester_unit_id=entry.requester.unit_id,
        service=entry.service,
        impact=entry.impact,
        urgency=entry.urgency,
        priority=priority_for(entry.impact, entry.urgency),
        status=(status or Status.NEW).value,
        channel=str(entry.channel),
        created_by=actor,
        created_at=entry.created_at,
        updated_at=last,
        resolved_at=entry.resolved_at,
        closed_at=entry.closed_at,
    )
    decision = decide_route(case_facts(ticket), lookups.rules, lookups.catalog(entry.service))
    decision = to_route_decision(decision, entry.service, auto=status is None)
    ticket.queue = decision.queue
    ticket.route_explanation = decision.reason
    ticket.route_reason = ""
    if decision.assignee is not None:
        ticket.assignee = decision.assignee
    ticket.authority_id = authority_for_ticket(ticket)  # as filing gives it (domain/records)
    policy, calendar = lookups.policy_and_calendar(ticket)
    plans = plan_timers(
        priority=ticket.priority,
        queue_id=ticket.queue.id,
        policy=policy,
        calendar=calendar,
        created=entry.created_at,
        resolved=entry.resolved_at,
    )
    ticket.due_at = ticket_due(plans)
    return ticket, decision, plans


def _write_batch(actor: User, entries: list[HistoricalTicket], lookups: _Lookups) -> int:
    made = [_ticket(actor, entry, lookups) for entry in entries]
    db.session.add_all(ticket for ticket, _, _ in made)
    db.session.flush()  # one multi-row INSERT; the ids come back with it
    history, tags, timers, events = [], [], [], []
    for (ticket, decision, plans), entry in zip(made, entries, strict=True):
        opened = entry.created_at

        def line(field, new, *, at=opened, who=None, old=None, why=None, ticket=ticket):
            history.append(
                {
                    "ticket_id": ticket.id,
                    "actor_id": who,
                    "at": at,
                    "field": field,
                    "old_value": old,
                    "new_value": new,
                    "note": "",
                    "explanation": why,
                    "internal": False,
                }
            )

        line("created", format_reference(ticket.type, ticket.id), who=actor.id)
        line("queue", decision.queue.name, why=decision.reason)
        if decision.assignee is not None:
            line("assignee", decision.assignee.name, why=decision.assign_reason)
        for tag in decision.tags:
            tags.append({"ticket_id": ticket.id, "tag": tag})
            line("tag", tag, why=decision.reason)
        if entry.resolved_at is not None:
            line("status", "resolved", at=entry.resolved_at, who=actor.id, old="new")
        if entry.closed_at is not None:
            line("status", "closed", at=entry.closed_at, who=actor.id, old="resolved")
        for plan in plans:
            timers.append({**plan.row, "ticket_id": ticket.id})
            events.append(plan.events)
    _insert(TicketHistory, history)
    _insert(TicketTag, tags)
    _insert_timers(timers, events)
    for ticket, _, _ in made:  # written: 100,000 tickets need not stay in the session
        db.session.expunge(ticket)
    return len(made)


def _insert(model, rows: list[dict]) -> None:
    """One executemany of plain table INSERTs (the ORM's bulk path costs more than SQL)."""
    if rows:
        db.session.execute(model.__table__.insert(), rows)


def _insert_timers(timers: list[dict], events: list[list[dict]]) -> None:
    """The timers, then their ids in one read (a ticket has one timer of each kind)."""
    if not timers:
        return
    _insert(SlaTimer, timers)
    ticket_ids = sorted({t["ticket_id"] for t in timers})
    found = db.session.execute(
        select(SlaTimer.id, SlaTimer.ticket_id, SlaTimer.kind).where(
            SlaTimer.ticket_id.between(ticket_ids[0], ticket_ids[-1])
        )
    )
    ids = {(row.ticket_id, row.kind): row.id for row in found}
    rows = []
    for timer, timer_events in zip(timers, events, strict=True):
        timer_id = ids[(timer["ticket_id"], timer["kind"])]
        for event in timer_events:
            once = event.pop("once")
            rows.append(
                {
                    **event,
                    "timer_id": timer_id,
                    "once_key": f"{timer_id}:{event['kind']}" if once else None,
                }
            )
    _insert(SlaEvent, rows)
