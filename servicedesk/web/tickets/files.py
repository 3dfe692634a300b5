"""The download route of attachments for signed-in users (the API has its own)."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import login_required

from servicedesk.boundary.files import attachment_response
from servicedesk.domain.errors import NotFound
from servicedesk.web.util import user

bp = Blueprint("files", __name__)


@bp.route("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    try:
        return attachment_response(attachment_id, user())
    except NotFound:
        abort(404)
