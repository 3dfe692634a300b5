"""What one viewer may read of a ticket: the conversation, files and history.

Visibility of internal entries is decided here, once, for every output (pages, API, mail
quoting): a viewer who is not support staff for the ticket never gets an internal note, an
internal file or an internal history line.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from servicedesk.domain.permissions import is_agent_for
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
    history: list[TicketHistory]


def comments_for(ticket: Ticket, *, staff: bool) -> list[Comment]:
    stmt = (
        select(Comment)
        .where(Comment.ticket_id == ticket.id)
        .options(joinedload(Comment.author))
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


def history_for(ticket: Ticket, *, staff: bool) -> list[TicketHistory]:
    stmt = (
        select(TicketHistory)
        .where(TicketHistory.ticket_id == ticket.id)
        .options(joinedload(TicketHistory.actor))
        .order_by(TicketHistory.at, TicketHistory.id)
    )
    if not staff:
        stmt = stmt.where(TicketHistory.internal.is_(False))
    return list(db.session.scalars(stmt))


def view_ticket(
    ticket: Ticket, viewer: User, *, requester_view: bool = False, staff: bool | None = None
) -> TicketView:
    """The portal asks for the requester's view even when the viewer is also staff. A caller
    that has just checked `is_agent_for` passes the answer as `staff` (saves the query)."""
    if requester_view:
        staff = False
    elif staff is None:
        staff = is_agent_for(viewer, ticket)
    return TicketView(
        ticket=ticket,
        staff=staff,
        comments=comments_for(ticket, staff=staff),
        attachments=attachments_for(ticket, staff=staff),
        history=history_for(ticket, staff=staff),
    )
