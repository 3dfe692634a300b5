"""File a case from the portal or phone form, with its attachment, as one unit of work."""

from __future__ import annotations

from servicedesk.boundary.unit_of_work import now
from servicedesk.boundary.uploads import has_file, save_upload
from servicedesk.domain.catalog.lookup import get_active_service
from servicedesk.domain.tickets.lifecycle import create_ticket
from servicedesk.models import Ticket, User


def file_ticket_from_form(form, *, requester: User, actor: User, channel: str) -> Ticket:
    """File a case from the portal or phone form (one unit of work: the case and its file)."""
    ticket = create_ticket(
        requester=requester,
        actor=actor,
        title=form.title.data,
        description=form.description.data,
        ticket_type=form.ticket_type.data,
        service=get_active_service(form.service.data),
        impact=form.impact.data,
        urgency=form.urgency.data,
        channel=channel,
        now=now(),
    )
    if has_file(form.attachment.data):
        save_upload(ticket, actor, form.attachment.data)
    return ticket
