"""Links between tickets and changes, and change numbers typed by people."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from servicedesk.domain.changes.state import record, require_staff
from servicedesk.domain.permissions import change_visibility
from servicedesk.infra.extensions import db
from servicedesk.models import Change, Ticket, TicketChange, User
from servicedesk.models.ticket import split_reference


def link_ticket(change: Change, ticket: Ticket, actor: User, *, now: datetime) -> bool:
    """Link a ticket to the change; False when it is linked already."""
    require_staff(actor)
    exists = db.session.scalar(
        select(TicketChange.id).where(
            TicketChange.change_id == change.id, TicketChange.ticket_id == ticket.id
        )
    )
    if exists:
        return False
    db.session.add(TicketChange(change_id=change.id, ticket_id=ticket.id, created_at=now))
    record(change, actor, "ticket_linked", None, ticket.reference, now=now)
    db.session.flush()
    return True


def linked_tickets(change: Change) -> list[Ticket]:
    stmt = (
        select(Ticket)
        .join(TicketChange, TicketChange.ticket_id == Ticket.id)
        .where(TicketChange.change_id == change.id)
        .order_by(Ticket.id)
    )
    return list(db.session.scalars(stmt))


def changes_for_ticket(ticket: Ticket, viewer: User) -> list[Change]:
    """The changes linked to the ticket that `viewer` may see."""
    stmt = (
        select(Change)
        .join(TicketChange, TicketChange.change_id == Change.id)
        .where(TicketChange.ticket_id == ticket.id, change_visibility(viewer))
        .order_by(Change.id)
    )
    return list(db.session.scalars(stmt))


def parse_change_reference(reference: str) -> int | None:
    split = split_reference(reference)
    return split[1] if split is not None and split[0] == "CHG" else None
