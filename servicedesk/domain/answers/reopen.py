"""Why a case was reopened: the latest reopen's reason, for the top of the agent's page."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from servicedesk.domain.tickets.lifecycle import OPEN_STATUSES
from servicedesk.infra.extensions import db
from servicedesk.models import Status, Ticket, TicketHistory


def _is_reopen(entry: TicketHistory) -> bool:
    return (entry.field, entry.old_value, entry.new_value) == (
        "status",
        Status.RESOLVED.value,
        Status.OPEN.value,
    )


def latest_reopen(
    ticket: Ticket, history: list[TicketHistory] | None = None
) -> TicketHistory | None:
    """The last resolved -> open status line while the case is open again, else None.
    `history` is the page's already loaded history (oldest first), saving the query."""
    if ticket.status not in OPEN_STATUSES:
        return None
    if history is not None:
        return next((h for h in reversed(history) if _is_reopen(h)), None)
    stmt = (
        select(TicketHistory)
        .where(
            TicketHistory.ticket_id == ticket.id,
            TicketHistory.field == "status",
            TicketHistory.old_value == Status.RESOLVED.value,
            TicketHistory.new_value == Status.OPEN.value,
        )
        .options(joinedload(TicketHistory.actor))
        .order_by(TicketHistory.at.desc(), TicketHistory.id.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)
