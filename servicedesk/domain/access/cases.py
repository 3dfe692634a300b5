"""The BEH ticket of an access request: filed with the request, resolved with its outcome
(approved and fulfilled, rejected or withdrawn), so the requester's case list and mail
tell them the result like any other case."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from servicedesk.domain.errors import NotFound
from servicedesk.domain.tickets.lifecycle import (
    create_ticket,
    record_resolution,
    set_status,
    take_ticket,
)
from servicedesk.infra.extensions import db
from servicedesk.models import (
    AccessRequest,
    ClosureCode,
    Queue,
    Service,
    Status,
    Ticket,
    TicketType,
    User,
)


def visible_one(key_column, key: int | None, visibility, message):
    """The row whose `key_column` is `key`, if `visibility` lets the reader see it; else
    NotFound, the same answer as for one that does not exist."""
    found = None
    if key:
        model = key_column.class_
        found = db.session.scalar(select(model).where(key_column == key, visibility))
    if found is None:
        raise NotFound(message)
    return found


def today(now: datetime) -> date:
    """The calendar day in the municipality (grants run from and to whole days)."""
    zone = current_app.config.get("DISPLAY_TIMEZONE", "Europe/Stockholm")
    return now.astimezone(ZoneInfo(zone)).date()


def fulfilment_queue(service: Service) -> Queue | None:
    """Where the service's access tasks go: its own queue, else the central desk."""
    if service.queue is not None and service.queue.active:
        return service.queue
    return db.session.scalar(select(Queue).where(Queue.is_central, Queue.active).limit(1))


def _closure_code(preferred: str) -> str | None:
    codes = db.session.scalars(
        select(ClosureCode).where(ClosureCode.active).order_by(ClosureCode.position)
    ).all()
    for code in codes:
        if code.code == preferred:
            return code.code
    return codes[0].code if codes else None


def finish_case(ticket: Ticket, actor: User | None, solution: str, code: str, *, now) -> None:
    """Resolve the request's ticket with the outcome as its solution (no-op when it is
    resolved or closed already, or no closure code is active)."""
    take_ticket(ticket)
    chosen = _closure_code(code)
    if ticket.status in (Status.RESOLVED, Status.CLOSED) or chosen is None:
        return
    record_resolution(ticket, actor, solution, chosen, now=now)
    set_status(ticket, actor, Status.RESOLVED, now=now)


def open_case(
    actor: User, service: Service, *, title: str, reason: str, channel: str, now, **facts
) -> AccessRequest:
    """File the BEH case (in the actor's name, routed like any case of the service) and
    its request with `facts` (kind, state, role, person, period, chain)."""
    ticket = create_ticket(
        requester=actor,
        actor=actor,
        title=title[:200],
        description=reason,
        ticket_type=TicketType.ACCESS,
        service=service,
        channel=channel,
        now=now,
    )
    request = AccessRequest(
        ticket_id=ticket.id,
        service_id=service.id,
        reason=reason,
        requested_by_id=actor.id,
        created_at=now,
        **facts,
    )
    db.session.add(request)
    db.session.flush()
    return request
