"""Turn an uploaded file from a form into an attachment through the domain."""

from __future__ import annotations

from flask import current_app
from werkzeug.datastructures import FileStorage

from servicedesk.domain.attachments import add_attachment
from servicedesk.models import Attachment, Ticket, User
from servicedesk.web.util import now


def has_file(storage: FileStorage | None) -> bool:
    return bool(storage and storage.filename)


def save_upload(
    ticket: Ticket,
    actor: User,
    storage: FileStorage,
    *,
    internal: bool = False,
    comment_id: int | None = None,
) -> Attachment:
    cfg = current_app.config
    limit = cfg["ATTACHMENT_MAX_BYTES"]
    data = storage.stream.read(limit + 1)
    return add_attachment(
        ticket,
        actor,
        storage.filename or "file",
        data,
        storage_dir=cfg["ATTACHMENT_DIR"],
        allowed=cfg["ATTACHMENT_EXTENSIONS"],
        max_bytes=limit,
        internal=internal,
        comment_id=comment_id,
        now=now(),
    )


def file_ticket_from_form(form, *, requester: User, actor: User, channel: str) -> Ticket:
    """File a case from the portal or phone form (one unit of work: the case and its file)."""
    from servicedesk.domain.catalog import get_active_service
    from servicedesk.domain.tickets import create_ticket

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
