"""Attachments, always served as downloads with safe headers, never rendered inline."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_file
from flask_login import login_required

from servicedesk.domain.attachments import attachment_path
from servicedesk.domain.errors import NotFound
from servicedesk.domain.permissions import get_visible_ticket, is_agent_for
from servicedesk.extensions import db
from servicedesk.models import Attachment
from servicedesk.web.util import user

bp = Blueprint("files", __name__)


@bp.route("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    try:
        ticket = get_visible_ticket(user(), attachment.ticket_id)
    except NotFound:
        abort(404)
    if attachment.internal and not is_agent_for(user(), ticket):
        abort(404)
    path = attachment_path(current_app.config["ATTACHMENT_DIR"], attachment)
    if not path.exists():
        abort(404)
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
