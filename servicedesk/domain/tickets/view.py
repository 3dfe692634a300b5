"""What one viewer may read of a ticket: the conversation, files and history.

Visibility of internal entries is decided here, once, for every output (pages, API, mail
quoting): a viewer who is not support staff for the ticket never gets an internal note, an
internal file or an internal history line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, select, true
from sqlalchemy.orm import joinedload

from servicedesk.domain.explanations import with_note
from servicedesk.domain.permissions import is_agent_for
from servicedesk.domain.records.secrecy import Masks, masks_for
from servicedesk.infra.extensions import db
from servicedesk.models import Attachment, Comment, Queue, Ticket, TicketHistory, User


def page_options(*, staff: bool = False) -> tuple:
    """Loader options for a ticket page: the people, unit, service and queue it names are
    joined into the ticket's one query instead of loading one by one while rendering (the
    people's roles are not shown, so they stay unloaded). Staff also get the queue's
    members, the choices of the assign form."""
    queue = joinedload(Ticket.queue)
    if staff:
        queue = queue.selectinload(Queue.members).lazyload(User.role_rows)
    return (
        joinedload(Ticket.requester).lazyload(User.role_rows),
        joinedload(Ticket.assignee).lazyload(User.role_rows),
        joinedload(Ticket.requester_unit),
        joinedload(Ticket.service),
        joinedload(Ticket.closure_code),  # the requester's resolved section names it
        queue,
    )


@dataclass
class TicketView:
    ticket: Ticket
    staff: bool
    comments: list[Comment]
    attachments: list[Attachment]
    history: list[HistoryLine]
    masks: Masks = field(default_factory=Masks)  # secrecy marks this viewer may not read


def comments_for(ticket: Ticket, *, staff: bool) -> list[Comment]:
    stmt = (
        select(Comment)
        .where(Comment.ticket_id == ticket.id)
        .options(joinedload(Comment.author).lazyload(User.role_rows))  # names only
        .order_by(Comment.created_at, Comment.id)
    )
    if not staff:
        stmt = stmt.where(Comment.internal.is_(False))
    return list(db.session.scalars(stmt))


def attachments_for(ticket: Ticket, *, staff: bool) -> list[Attachment]:
    stmt = select(Attachment).where(Attachment.ticket_id == ticket.id).order_by(Attachment.id)
    if not staff:
        stmt = stmt.where(Attachment.internal.is_(False))
    return list(db.session.scalars(stmt))


# What a requester may follow of their own case: it was filed, its status moved, a file
# was added. Never queue moves and their reasons, routing notes, assignees, tags or the
# classification fields staff set.
REQUESTER_HISTORY_FIELDS = ("created", "status", "attachment")


@dataclass(frozen=True)
class HistoryLine:
    """One history line as a viewer may read it (the same shape for page, API and mail)."""

    id: int
    at: datetime
    actor: User | None
    field: str
    old_value: str | None
    new_value: str | None
    note: str
    explanation: dict | None
    internal: bool


def history_visibility(ticket: Ticket, *, staff: bool):
    """The SQL condition for the history lines a viewer may see: staff for the ticket see
    every line; anyone else (the requester, in the portal, the API and mail) sees only the
    public lines of `REQUESTER_HISTORY_FIELDS`."""
    if staff:
        return true()
    return and_(
        TicketHistory.internal.is_(False), TicketHistory.field.in_(REQUESTER_HISTORY_FIELDS)
    )


def visible_line(entry: TicketHistory, ticket: Ticket, *, staff: bool) -> HistoryLine:
    """A line as the viewer reads it: a typed note (a reopen reason) reaches a non-staff
    viewer only when the requester wrote it; the system's explanation always does."""
    note = entry.note or ""
    if not staff and entry.actor_id != ticket.requester_id:
        note = ""
    return HistoryLine(
        id=entry.id,
        at=entry.at,
        actor=entry.actor,
        field=entry.field,
        old_value=entry.old_value,
        new_value=entry.new_value,
        note=note,
        explanation=entry.explanation,
        internal=entry.internal,
    )


def history_for(ticket: Ticket, *, staff: bool) -> list[HistoryLine]:
    """The history lines the viewer may see, oldest first: the one rule for every output."""
    stmt = (
        select(TicketHistory)
        .where(TicketHistory.ticket_id == ticket.id, history_visibility(ticket, staff=staff))
        .options(joinedload(TicketHistory.actor))
        .order_by(TicketHistory.at, TicketHistory.id)
    )
    return [visible_line(e, ticket, staff=staff) for e in db.session.scalars(stmt)]


def route_reason_for(ticket: Ticket, viewer: User) -> str:
    """Why the ticket is in its queue (who moved it, their typed reason, the routing
    explanation) in the reader's language: written for colleagues, so staff only (the
    caller has already checked the viewer may see the ticket; no query per ticket)."""
    if not viewer.is_staff:
        return ""
    return with_note(ticket.route_explanation, ticket.route_reason)


def view_ticket(
    ticket: Ticket, viewer: User, *, requester_view: bool = False, staff: bool | None = None
) -> TicketView:
    """The portal asks for the requester's view even when the viewer is also staff. A caller
    that has just checked `is_agent_for` passes the answer as `staff` (saves the query)."""
    if requester_view:
        staff = False
    elif staff is None:
        staff = is_agent_for(viewer, ticket)
    comments = comments_for(ticket, staff=staff)
    return TicketView(
        ticket=ticket,
        staff=staff,
        comments=comments,
        attachments=attachments_for(ticket, staff=staff),
        history=history_for(ticket, staff=staff),
        masks=masks_for(viewer, ticket, comments, staff=staff),
    )
