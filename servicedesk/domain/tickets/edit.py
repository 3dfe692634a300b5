"""One save for the staff ticket page's side panel: every field of the case at once.

`edit_ticket` compares what the agent asks for with the ticket as it is, and applies only
the differences through the lifecycle and routing primitives (classify, transfer, route
again, assign, change status, tags), so each changed field writes the same history line and
sends the same event as its single action does. One version check covers the whole save;
the request boundary commits everything or rolls everything back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.permissions import require_agent
from servicedesk.domain.routing.rerouting import reroute_ticket
from servicedesk.domain.text import single_line
from servicedesk.domain.tickets import lifecycle
from servicedesk.infra.extensions import db
from servicedesk.models import PendingReason, Queue, Service, Status, Ticket, TicketTag, User

# Resolving needs a solution and closing is the requester's or the auto-close job's: the
# side panel's status choice offers neither.
PANEL_EXCLUDED = frozenset({Status.RESOLVED, Status.CLOSED})
TAG_MAX = 50
TAGS_MAX = 20
REASON_MAX = 1000


@dataclass(frozen=True)
class TicketEdit:
    """What the side panel asks for: the whole wanted state, not only what changed."""

    status: str
    pending_reason: str | None
    assignee: User | None
    queue: Queue
    transfer_reason: str
    service: Service | None
    impact: int
    urgency: int
    tags: tuple[str, ...]
    reroute: bool = False


class TicketEditInvalid(ValidationError):
    """Several fields of one save at fault; `fields` maps each to its messages."""

    def __init__(self, fields: dict[str, list[str]]):
        field, messages = next(iter(fields.items()))
        super().__init__(messages[0], field=field)
        self.fields = fields


def panel_statuses(ticket: Ticket) -> list[str]:
    """The statuses the side panel offers: the current one and where it may go from here."""
    current = Status(ticket.status)
    allowed = lifecycle.TRANSITIONS[current] - PANEL_EXCLUDED
    return [current.value, *sorted(s.value for s in allowed)]


def tags_of(ticket: Ticket) -> list[str]:
    stmt = select(TicketTag.tag).where(TicketTag.ticket_id == ticket.id).order_by(TicketTag.tag)
    return list(db.session.scalars(stmt))


def parse_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags, trimmed, blanks and repeats dropped, in the order given."""
    seen: dict[str, None] = {}
    for part in (text or "").split(","):
        tag = single_line(part).strip()
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def _check(ticket: Ticket, edit: TicketEdit) -> dict[str, list[str]]:
    """Every input error of the save at once, before anything is written."""
    errors: dict[str, list[str]] = {}
    if edit.status not in panel_statuses(ticket):
        errors["status"] = [_l("Choose one of the statuses offered.")]
    reasons = PendingReason.__members__.values()
    if edit.status == Status.PENDING and edit.pending_reason not in reasons:
        errors["pending_reason"] = [_l("Say what the ticket is waiting for.")]
    if edit.queue.id != ticket.queue_id:
        reason = (edit.transfer_reason or "").strip()
        if not reason:
            errors["transfer_reason"] = [_l("Say why the ticket goes to another queue.")]
        elif len(reason) > REASON_MAX:
            errors["transfer_reason"] = [_l("At most %(n)s characters.", n=REASON_MAX)]
        if not edit.queue.active:
            errors["queue"] = [_l("That queue is inactive.")]
    if len(edit.tags) > TAGS_MAX:
        errors["tags"] = [_l("At most %(n)s tags.", n=TAGS_MAX)]
    elif any(len(tag) > TAG_MAX for tag in edit.tags):
        errors["tags"] = [_l("A tag has at most %(n)s characters.", n=TAG_MAX)]
    return errors


def _set_tags(ticket: Ticket, actor: User, wanted: tuple[str, ...], *, now: datetime) -> bool:
    rows = {
        row.tag: row
        for row in db.session.scalars(select(TicketTag).where(TicketTag.ticket_id == ticket.id))
    }
    removed = [tag for tag in rows if tag not in wanted]
    added = [tag for tag in wanted if tag not in rows]
    for tag in removed:
        db.session.delete(rows[tag])
        lifecycle.record_history(ticket, actor, "tag", tag, None, now=now)
    for tag in added:
        db.session.add(TicketTag(ticket_id=ticket.id, tag=tag))
        lifecycle.record_history(ticket, actor, "tag", None, tag, now=now)
    if removed or added:
        ticket.updated_at = now
    return bool(removed or added)


def edit_ticket(
    ticket: Ticket, actor: User, edit: TicketEdit, *, version: int | None, now: datetime
) -> list[str]:
    """Apply the side panel's save as one unit of work; returns the names of what changed.

    A stale `version` refuses the whole save; input errors are all raised together as
    `TicketEditInvalid` before any change. Order: classification (which may itself move a
    confidential case to its queue), then the queue (a transfer, or routing again after a
    service change), then the assignee, then the status (so assigning a new case opens it
    first, and a pause comes last)."""
    require_agent(actor, ticket)
    lifecycle.refuse_if_closed(ticket)
    lifecycle.check_version(ticket, version)
    errors = _check(ticket, edit)
    if errors:
        raise TicketEditInvalid(errors)
    start_queue, start_assignee = ticket.queue_id, ticket.assignee_id
    start_status, start_reason = ticket.status, ticket.pending_reason
    changed: list[str] = []

    classified = lifecycle.update_ticket(
        ticket,
        actor,
        impact=edit.impact,
        urgency=edit.urgency,
        service=edit.service,
        service_given=True,
        now=now,
    )
    changed += classified
    if edit.queue.id != start_queue:
        if edit.queue.id != ticket.queue_id:
            lifecycle.transfer_ticket(
                ticket, actor, edit.queue, reason=edit.transfer_reason.strip(), now=now
            )
        changed.append("queue")
    elif edit.reroute and "service" in classified and reroute_ticket(ticket, actor, now=now):
        changed.append("queue")
    wanted_assignee = edit.assignee.id if edit.assignee else None
    if wanted_assignee != start_assignee and wanted_assignee != ticket.assignee_id:
        lifecycle.assign_ticket(ticket, actor, edit.assignee, now=now)
        changed.append("assignee")
    wanted = (edit.status, edit.pending_reason if edit.status == Status.PENDING else None)
    if wanted != (start_status, start_reason) and wanted != (ticket.status, ticket.pending_reason):
        lifecycle.change_status(ticket, actor, wanted[0], pending_reason=wanted[1], now=now)
        changed.append("status")
    if _set_tags(ticket, actor, edit.tags, now=now):
        changed.append("tags")
    db.session.flush()
    return changed
