"""Attachments, always served as downloads with safe headers, never rendered inline."""

from __future__ import annotations

from flask import current_app, send_file
from flask_babel import lazy_gettext as _l

from servicedesk.domain.errors import NotFound
from servicedesk.domain.permissions import get_visible_ticket, is_agent_for
from servicedesk.domain.tickets.attachments import attachment_path
from servicedesk.infra.extensions import db
from servicedesk.models import Attachment, User


def attachment_response(attachment_id: int, viewer: User):
    """The file as a download for a viewer who may see it; NotFound otherwise (pages, API)."""
    if not 0 < attachment_id < 2**31:  # beyond the id column: no such file, not a DB error
        raise NotFound(_l("No such file."))
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound(_l("No such file."))
    ticket = get_visible_ticket(viewer, attachment.ticket_id)
    if attachment.internal and not is_agent_for(viewer, ticket):
        raise NotFound(_l("No such file."))
    path = attachment_path(current_app.config["ATTACHMENT_DIR"], attachment)
    if not path.exists():
        raise NotFound(_l("No such file."))
    response = send_file(
        path,
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=attachment.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
