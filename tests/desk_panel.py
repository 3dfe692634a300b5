"""What the staff ticket page's side panel posts: every field, as the page shows it, with
the changes a test makes on top (the one save sends the whole panel)."""

from __future__ import annotations

from servicedesk.domain.tickets.edit import tags_of


def panel_data(ticket, token: str, **changes) -> dict[str, str]:
    data = {
        "csrf_token": token,
        "version": str(ticket.version),
        "status": ticket.status,
        "pending_reason": ticket.pending_reason or "",
        "assignee": str(ticket.assignee_id or 0),
        "queue": str(ticket.queue_id),
        "transfer_reason": "",
        "service": str(ticket.service_id or 0),
        "impact": str(ticket.impact),
        "urgency": str(ticket.urgency),
        "tags": ", ".join(tags_of(ticket)),
    }
    data.update({name: str(value) for name, value in changes.items()})
    return data
