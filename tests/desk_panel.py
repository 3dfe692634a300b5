"""What the staff ticket page's side panel sends: every field, as the page shows it, with
the changes a test makes on top (the one save sends the whole panel) — as a form post or
as the domain's `TicketEdit`."""

from __future__ import annotations

from urllib.parse import urlencode

from servicedesk.domain.tickets.edit import TicketEdit, tags_of


def panel_data(ticket, token: str, **changes) -> dict[str, str]:
    shown = {
        "status": ticket.status,
        "pending_reason": ticket.pending_reason or "",
        "assignee": str(ticket.assignee_id or 0),
        "queue": str(ticket.queue_id),
        "service": str(ticket.service_id or 0),
        "impact": str(ticket.impact),
        "urgency": str(ticket.urgency),
        "tags": ", ".join(tags_of(ticket)),
    }
    data = {
        "csrf_token": token,
        "version": str(ticket.version),
        "seen": urlencode(shown),
        "transfer_reason": "",
        **shown,
    }
    data.update({name: str(value) for name, value in changes.items()})
    return data


def unchanged_edit(ticket) -> TicketEdit:
    """The panel saved without touching anything."""
    return TicketEdit(
        status=ticket.status,
        pending_reason=ticket.pending_reason,
        assignee=ticket.assignee,
        queue=ticket.queue,
        transfer_reason="",
        service=ticket.service,
        impact=ticket.impact,
        urgency=ticket.urgency,
        tags=tuple(tags_of(ticket)),
    )
