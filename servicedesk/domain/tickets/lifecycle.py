"""The ticket lifecycle: file, reply, note, assign, transfer, change status, reopen, close.

Each function takes the acting user and a keyword-only `now`, records history for every
change, sends a domain event for the areas that follow tickets (SLA, mail), and flushes.
The request boundary commits once or rolls back.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, literal, update

from servicedesk.domain.answers.closure_codes import active_closure_code
from servicedesk.domain.errors import InvalidTransition, StaleVersion, ValidationError
from servicedesk.domain.explanations import explain
from servicedesk.domain.permissions import (
    is_restricted,
    may_hold,
    queue_may_hold,
    require_agent,
    require_assignee_may_hold,
    require_holders_may_see,
    require_queue_may_hold,
    require_requester_or_agent,
    require_security_holders,
)
from servicedesk.domain.routing.router import RouteDecision, route_ticket
from servicedesk.domain.text import single_line
from servicedesk.domain.tickets import events
from servicedesk.domain.tickets.priority import priority_for
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Channel,
    Comment,
    PendingReason,
    Queue,
    Service,
    Status,
    Ticket,
    TicketHistory,
    TicketTag,
    TicketType,
    User,
)

# Allowed status changes (from -> to). Reopen is resolved -> open.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING, Status.RESOLVED}),
    Status.OPEN: frozenset({Status.PENDING, Status.RESOLVED}),
    Status.PENDING: frozenset({Status.OPEN, Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}

OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING)
TITLE_MAX = 200
DESCRIPTION_MAX = 50_000
COMMENT_MAX = 50_000


def can_transition(old: str, new: str) -> bool:
    return Status(new) in TRANSITIONS[Status(old)]


def record_history(
    ticket: Ticket,
    actor: User | None,
    field: str,
    old: object,
    new: object,
    *,
    now: datetime,
    note: str = "",
    explanation: dict | None = None,
    internal: bool = False,
) -> TicketHistory:
    """One history line; `note` is what a person typed, `explanation` what the system says
    (a code with parameters, shown in the reader's language: domain/explanations.py)."""
    entry = TicketHistory(
        **_history_row(
            ticket,
            actor,
            field,
            old,
            new,
            now=now,
            note=note,
            explanation=explanation,
            internal=internal,
        )
    )
    db.session.add(entry)
    return entry


def _history_row(
    ticket, actor, field, old, new, *, now, note="", explanation=None, internal=False
) -> dict:
    return {
        "ticket_id": ticket.id,
        "actor_id": actor.id if actor else None,
        "at": now,
        "field": field,
        "old_value": None if old is None else str(old),
        "new_value": None if new is None else str(new),
        "note": note,
        "explanation": explanation,
        "internal": internal,
    }


def take_ticket(ticket: Ticket, **bookkeeping: object) -> None:
    """Lock the ticket row for this unit of work and read it fresh.

    One plain UPDATE, outside the mapper's version check (so it neither conflicts with nor
    bumps the version), takes the row: a PostgreSQL row lock, SQLite's write lock. Writers
    of one ticket then queue for a moment instead of failing on each other's version, and
    each works on the current row: a comment never fails because someone else wrote, and
    two agents changing different fields both land. `bookkeeping` are columns to set in
    the same statement (a comment's updated_at and first response)."""
    db.session.flush()
    table = Ticket.__table__
    values = bookkeeping or {"version": table.c.version}  # no change, only the lock
    db.session.execute(update(table).where(table.c.id == ticket.id).values(values))
    db.session.refresh(ticket)


def check_version(ticket: Ticket, expected: int | None) -> None:
    """Refuse a save based on a stale copy of the ticket (two agents editing at once). The
    row is taken first, so the comparison is with the current version, not a copy read
    before someone else's save."""
    take_ticket(ticket)
    if expected is not None and expected != ticket.version:
        raise StaleVersion(
            _l(
                "Someone else changed this ticket after you opened it. "
                "Reload to see their change, then try again."
            )
        )


def refuse_if_closed(ticket: Ticket) -> None:
    """Closed is terminal: no field, status, queue, assignee or file changes afterwards."""
    if ticket.status == Status.CLOSED:
        raise InvalidTransition(
            _l("This ticket is closed and can no longer be changed; file a new case instead.")
        )


def _clean_text(value: str, field: str, *, max_len: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_l("This field is required."), field=field)
    if len(value) > max_len:
        raise ValidationError(_l("At most %(n)s characters.", n=max_len), field=field)
    return value


def create_ticket(
    *,
    requester: User,
    actor: User,
    title: str,
    description: str,
    ticket_type: str = TicketType.INCIDENT,
    service: Service | None = None,
    impact: int = 3,
    urgency: int = 3,
    channel: str = Channel.PORTAL,
    now: datetime,
    created_at: datetime | None = None,
) -> Ticket:
    """File a case: validate, set priority, route, then tell the areas that follow tickets."""
    title = _clean_text(single_line(title), "title", max_len=TITLE_MAX)
    description = _clean_text(description, "description", max_len=DESCRIPTION_MAX)
    if ticket_type not in TicketType.__members__.values():
        raise ValidationError(_l("Unknown ticket type."), field="type")
    if channel not in Channel.__members__.values():
        raise ValidationError(_l("Unknown channel."), field="channel")
    if service is not None and not service.active:
        raise ValidationError(_l("This service is retired; choose another."), field="service")
    try:
        priority = priority_for(impact, urgency)
    except ValueError as exc:
        raise ValidationError(_l("Impact and urgency must be 1, 2 or 3."), field="impact") from exc
    if actor.id != requester.id and not actor.is_staff:
        raise ValidationError(_l("Only support staff may file a case for someone else."))

    opened = created_at or now
    ticket = Ticket(
        type=str(ticket_type),
        title=title,
        description=description,
        requester=requester,
        requester_unit_id=requester.unit_id,
        service=service,
        impact=impact,
        urgency=urgency,
        priority=priority,
        status=Status.NEW,
        channel=str(channel),
        created_by=actor,
        created_at=opened,
        updated_at=opened,
    )
    decision = route_ticket(ticket)
    _apply_route(ticket, decision)
    imported = created_at is not None and created_at < now
    prepared = dict(events.ticket_filing.send(ticket, actor=actor, now=opened, imported=imported))
    db.session.add(ticket)
    db.session.flush()
    entries = [
        (actor, "created", ticket.reference, None),
        (None, "queue", ticket.queue.name, decision.reason),
    ]
    if decision.assignee is not None:
        entries.append((None, "assignee", decision.assignee.name, decision.assign_reason))
    entries += [(None, "tag", tag, decision.reason) for tag in decision.tags]
    # One INSERT for the new ticket's history (nothing reads these rows back).
    db.session.execute(
        insert(TicketHistory),
        [
            _history_row(ticket, who, field, None, value, now=opened, explanation=why)
            for who, field, value, why in entries
        ],
        execution_options={"render_nulls": True},  # one statement, not one per set of nulls
    )
    if decision.tags:
        db.session.execute(
            insert(TicketTag), [{"ticket_id": ticket.id, "tag": tag} for tag in decision.tags]
        )
    events.ticket_created.send(
        ticket, actor=actor, now=opened, imported=imported, prepared=prepared
    )
    db.session.flush()
    return ticket


def _apply_route(ticket: Ticket, decision: RouteDecision) -> None:
    ticket.queue = decision.queue
    ticket.route_explanation = decision.reason
    ticket.route_reason = ""
    if decision.assignee is not None:
        ticket.assignee = decision.assignee


def add_comment(
    ticket: Ticket,
    actor: User,
    body: str,
    *,
    internal: bool = False,
    source: str = Channel.PORTAL,
    now: datetime,
) -> Comment:
    """A public reply or an internal note. An agent's first public reply is the first response;
    a requester's reply to a ticket waiting for them puts it back in work."""
    body = _clean_text(body, "body", max_len=COMMENT_MAX)
    if internal:
        require_agent(actor, ticket)
    else:
        require_requester_or_agent(actor, ticket)
    from_requester = actor.id == ticket.requester_id
    # A comment edits no field: no version check, and its bookkeeping does not bump it.
    bookkeeping: dict[str, object] = {"updated_at": now}
    if not internal and not from_requester:  # the first public reply by staff
        first = Ticket.__table__.c.first_response_at
        bookkeeping["first_response_at"] = func.coalesce(first, literal(now, first.type))
    take_ticket(ticket, **bookkeeping)
    if ticket.status == Status.CLOSED:
        raise InvalidTransition(_l("This ticket is closed; file a new case instead."))
    comment = Comment(
        ticket_id=ticket.id,
        author_id=actor.id,
        body=body,
        internal=internal,
        source=source,
        created_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    if not internal and not from_requester and ticket.status == Status.NEW:
        set_status(ticket, actor, Status.OPEN, now=now)
    elif (
        from_requester
        and ticket.status == Status.PENDING
        and ticket.pending_reason == PendingReason.REQUESTER
    ):
        set_status(ticket, actor, Status.OPEN, now=now, explanation=explain("requester_replied"))
    events.comment_added.send(ticket, comment=comment, actor=actor, now=now)
    db.session.flush()
    return comment


def set_status(
    ticket: Ticket,
    actor: User | None,
    new: Status,
    *,
    now: datetime,
    pending_reason: str | None = None,
    note: str = "",
    explanation: dict | None = None,
) -> None:
    old = Status(ticket.status)
    if not can_transition(old, new):
        raise InvalidTransition(
            _l("A ticket cannot go from %(old)s to %(new)s.", old=old.value, new=new.value)
        )
    if new == Status.PENDING:
        if pending_reason not in PendingReason.__members__.values():
            raise ValidationError(_l("Say what the ticket is waiting for."), field="pending_reason")
        ticket.pending_reason = pending_reason
    else:
        ticket.pending_reason = None
    ticket.status = new
    ticket.updated_at = now
    if new == Status.RESOLVED:
        ticket.resolved_at = now
    elif new == Status.CLOSED:
        ticket.closed_at = now
    elif old == Status.RESOLVED and new == Status.OPEN:
        ticket.resolved_at = None
    shown_new = f"{new.value}:{pending_reason}" if new == Status.PENDING else new.value
    record_history(
        ticket,
        actor,
        "status",
        old.value,
        shown_new,
        now=now,
        note=note,
        explanation=explanation,
    )
    events.status_changed.send(ticket, old=old.value, new=new.value, actor=actor, now=now)


def change_status(
    ticket: Ticket,
    actor: User,
    new_status: str,
    *,
    pending_reason: str | None = None,
    expected_version: int | None = None,
    note: str = "",
    solution: str | None = None,
    closure_code: str | None = None,
    now: datetime,
) -> None:
    """An agent moves the ticket along the status table. Resolving needs the solution the
    requester will read and a closure code (`record_resolution`)."""
    require_agent(actor, ticket)
    refuse_if_closed(ticket)
    check_version(ticket, expected_version)
    try:
        new = Status(new_status)
    except ValueError as exc:
        raise ValidationError(_l("Unknown status."), field="status") from exc
    if new == Status(ticket.status) and new != Status.PENDING:
        return
    if new == Status(ticket.status) == Status.PENDING and pending_reason == ticket.pending_reason:
        return
    if new == Status(ticket.status) == Status.PENDING:
        # Changing what the ticket waits for: resume, then pause for the new reason.
        set_status(ticket, actor, Status.OPEN, now=now)
    if new == Status.RESOLVED:
        record_resolution(ticket, actor, solution, closure_code, now=now)
    set_status(ticket, actor, new, now=now, pending_reason=pending_reason, note=note)
    db.session.flush()


def record_resolution(
    ticket: Ticket, actor: User, solution: str | None, closure_code: str | None, *, now: datetime
) -> None:
    """Every resolve carries a solution (markdown, shown to the requester first) and an
    active closure code; either missing refuses the resolve with the field named."""
    text = (solution or "").strip()
    if not text:
        raise ValidationError(
            _l("Write the solution the requester will read."),
            field="solution",
            code="solution_required",
        )
    if len(text) > COMMENT_MAX:
        raise ValidationError(_l("At most %(n)s characters.", n=COMMENT_MAX), field="solution")
    code = active_closure_code(closure_code)
    old = ticket.closure_code.name_sv if ticket.closure_code else None
    ticket.solution, ticket.closure_code = text, code
    record_history(ticket, actor, "closure_code", old, code.name_sv, now=now)


def reopen_ticket(ticket: Ticket, actor: User, *, note: str = "", now: datetime) -> None:
    """The requester (or an agent) disputes a resolution: resolved -> open. Why is
    required; it is the status line's note, shown at the top of the case to its agents."""
    require_requester_or_agent(actor, ticket)
    if ticket.status != Status.RESOLVED:
        raise InvalidTransition(_l("Only a resolved ticket can be reopened."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            _l("Tell us why the problem is not solved."), field="reason", code="reason_required"
        )
    note = _clean_text(note, "reason", max_len=1000)
    set_status(ticket, actor, Status.OPEN, now=now, note=note, explanation=explain("reopened"))
    db.session.flush()


def confirm_resolution(ticket: Ticket, actor: User, *, now: datetime) -> None:
    """The requester accepts the resolution, which closes the ticket."""
    if actor.id != ticket.requester_id:
        require_agent(actor, ticket)
    if ticket.status != Status.RESOLVED:
        raise InvalidTransition(_l("Only a resolved ticket can be confirmed."))
    set_status(ticket, actor, Status.CLOSED, now=now, explanation=explain("resolution_confirmed"))
    db.session.flush()


def update_ticket(
    ticket: Ticket,
    actor: User,
    *,
    impact: int | None = None,
    urgency: int | None = None,
    title: str | None = None,
    service: Service | None = None,
    service_given: bool = False,
    expected_version: int | None = None,
    now: datetime,
) -> dict[str, tuple[object, object]]:
    """Change classification fields; priority follows the matrix. Returns what changed.

    A new confidential service takes the ticket to that service's own queue (its agents
    alone may see it), as a transfer with the reason in the history."""
    require_agent(actor, ticket)
    refuse_if_closed(ticket)
    check_version(ticket, expected_version)
    changes: dict[str, tuple[object, object]] = {}
    new_impact = ticket.impact if impact is None else impact
    new_urgency = ticket.urgency if urgency is None else urgency
    try:
        new_priority = priority_for(new_impact, new_urgency)
    except ValueError as exc:
        raise ValidationError(_l("Impact and urgency must be 1, 2 or 3."), field="impact") from exc
    for field, value in (
        ("impact", new_impact),
        ("urgency", new_urgency),
        ("priority", new_priority),
    ):
        if getattr(ticket, field) != value:
            changes[field] = (getattr(ticket, field), value)
            setattr(ticket, field, value)
    if title is not None:
        title = _clean_text(single_line(title), "title", max_len=TITLE_MAX)
        if title != ticket.title:
            changes["title"] = (ticket.title, title)
            ticket.title = title
    if service_given and service is not ticket.service:
        if service is not None and not service.active:
            raise ValidationError(_l("This service is retired; choose another."), field="service")
        _check_confidential_home(service)
        old_name = ticket.service.name_sv if ticket.service else None
        changes["service"] = (old_name, service.name_sv if service else None)
        ticket.service = service
    for field, (old, new) in changes.items():
        record_history(ticket, actor, field, old, new, now=now)
    if changes:
        ticket.updated_at = now
        events.ticket_updated.send(ticket, changes=changes, actor=actor, now=now)
        if "service" in changes:
            _keep_with_those_who_may_see(ticket, actor, now=now)
        db.session.flush()
    return changes


def _check_confidential_home(service: Service | None) -> None:
    """A confidential service's case needs its own active queue to go to."""
    if is_restricted(service) and (service.queue is None or not service.queue.active):
        raise ValidationError(
            _l(
                "%(service)s is a confidential service without an active support queue, "
                "so nobody could work this case there.",
                service=service.name_sv,
            ),
            field="service",
        )


def _keep_with_those_who_may_see(ticket: Ticket, actor: User, *, now: datetime) -> None:
    """After a service change: move the ticket to the service's own queue, and take it from
    an assignee, when they may not see a ticket of that service."""
    service = ticket.service
    if not queue_may_hold(ticket.queue, service):
        why = explain("confidential_service", service=service.name_sv)
        _move_to_queue(ticket, actor, service.queue, reason="", explanation=why, now=now)
    if ticket.assignee is not None and not may_hold(ticket.assignee, service):
        old = ticket.assignee
        ticket.assignee = None
        record_history(ticket, actor, "assignee", old.name, None, now=now)
        events.ticket_assigned.send(ticket, old=old, new=None, actor=actor, now=now)
    require_holders_may_see(ticket)


def assign_ticket(
    ticket: Ticket,
    actor: User,
    assignee: User | None,
    *,
    expected_version: int | None = None,
    now: datetime,
    note: str = "",
) -> None:
    """Give the ticket to an agent of its queue (or take it away: assignee None); never to
    someone who may not see it."""
    require_agent(actor, ticket)
    refuse_if_closed(ticket)
    check_version(ticket, expected_version)
    if assignee is not None and (not assignee.is_staff or not assignee.active):
        raise ValidationError(_l("Only an active agent can handle a ticket."), field="assignee")
    old = ticket.assignee
    if old is assignee:
        return
    if assignee is not None:
        require_assignee_may_hold(assignee, ticket.service)
        require_security_holders(ticket, None, assignee)
    ticket.assignee = assignee
    ticket.updated_at = now
    record_history(
        ticket,
        actor,
        "assignee",
        old.name if old else None,
        assignee.name if assignee else None,
        now=now,
        note=note,
    )
    if ticket.status == Status.NEW and assignee is not None:
        set_status(ticket, actor, Status.OPEN, now=now)
    events.ticket_assigned.send(ticket, old=old, new=assignee, actor=actor, now=now)
    db.session.flush()


def transfer_ticket(
    ticket: Ticket,
    actor: User,
    queue: Queue,
    *,
    reason: str,
    explanation: dict | None = None,
    expected_version: int | None = None,
    now: datetime,
) -> None:
    """Send the ticket to another queue; a reason is mandatory and kept in the history
    (a person's typed reason; the system's own moves give an `explanation` instead).
    Never to a queue whose agents may not see it (a confidential service's case)."""
    require_agent(actor, ticket)
    refuse_if_closed(ticket)
    check_version(ticket, expected_version)
    if explanation is None or reason:
        reason = _clean_text(reason, "reason", max_len=1000)
    if not queue.active:
        raise ValidationError(_l("That queue is inactive."), field="queue")
    if queue.id == ticket.queue_id:
        raise ValidationError(_l("The ticket is already in that queue."), field="queue")
    require_queue_may_hold(queue, ticket.service)
    require_security_holders(ticket, queue, None)
    _move_to_queue(ticket, actor, queue, reason=reason, explanation=explanation, now=now)
    db.session.flush()


def _move_to_queue(
    ticket: Ticket,
    actor: User,
    queue: Queue,
    *,
    reason: str,
    explanation: dict | None = None,
    now: datetime,
):
    """The transfer itself: new queue, reason in the history, no assignee. Why the ticket
    is where it is: who moved it from where (a code, in the reader's language), then the
    typed reason or the system's explanation."""
    old_queue = ticket.queue
    ticket.queue = queue
    moved = {"by": actor.name, "from_queue": old_queue.name, "to_queue": queue.name}
    ticket.route_explanation = (
        explain("transferred", **moved)
        if explanation is None
        else explain("transferred_because", **moved, why=explanation)
    )
    ticket.route_reason = reason
    ticket.updated_at = now
    record_history(
        ticket,
        actor,
        "queue",
        old_queue.name,
        queue.name,
        now=now,
        note=reason,
        explanation=explanation,
    )
    if ticket.assignee is not None:
        record_history(ticket, actor, "assignee", ticket.assignee.name, None, now=now)
        ticket.assignee = None
    events.ticket_transferred.send(
        ticket, old_queue=old_queue, new_queue=queue, reason=reason, actor=actor, now=now
    )
