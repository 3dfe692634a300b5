"""Attachments, always served as downloads with safe headers, never rendered inline."""

from __future__ import annotations

from flask import current_app, send_file

from servicedesk.domain.permissions import get_visible_ticket, is_agent_for, no_such_ticket
from servicedesk.domain.tickets.attachments import attachment_path
from servicedesk.infra.extensions import db
from servicedesk.models import Attachment, User


def attachment_response(attachment_id: int, viewer: User):
    """The file as a download for a viewer who may see it (pages, API).

    Otherwise exactly the answer for a missing ticket (`no_such_ticket`), whether the file
    does not exist, belongs to a ticket the viewer may not see or is internal: a different
    answer would tell that the ticket exists."""
    if not 0 < attachment_id < 2**31:  # beyond the id column: no such file, not a DB error
        raise no_such_ticket()
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        raise no_such_ticket()
    ticket = get_visible_ticket(viewer, attachment.ticket_id)
    if attachment.internal and not is_agent_for(viewer, ticket):
        raise no_such_ticket()
    response = stored_file_response(attachment)
    if response is None:
        raise no_such_ticket()
    return response


def stored_file_response(row, *, inline: bool = False):
    """A stored file (a ticket's attachment, an article's file) with safe headers: a
    download, or with `inline` (only for image types the caller checked) shown as itself,
    still sandboxed and never sniffed. None when the stored bytes are gone."""
    path = attachment_path(current_app.config["ATTACHMENT_DIR"], row)
    if not path.exists():
        return None
    response = send_file(
        path,
        mimetype=row.content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        download_name=row.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
