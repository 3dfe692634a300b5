"""A ticket's conversation, history and files, filtered by what the caller may read.

Internal notes, internal files and internal history lines go only to support staff of the
ticket (domain/tickets/view.py decides that once for pages and API alike).
"""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from servicedesk.api.auth import api_user
from servicedesk.api.blueprint import bp
from servicedesk.api.errors import invalid, json_body
from servicedesk.api.tickets.routes import load_ticket
from servicedesk.api.tickets.serializers import attachment_json, comment_json, history_json
from servicedesk.boundary.files import attachment_response
from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.boundary.uploads import has_file, save_upload
from servicedesk.domain.errors import ValidationError
from servicedesk.domain.permissions import is_agent_for
from servicedesk.domain.records.secrecy import masks_for
from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.domain.tickets.view import attachments_for, comments_for, history_for
from servicedesk.models import Channel

UPLOAD_FIELDS = {"file", "internal"}


def _staff(ticket) -> bool:
    return is_agent_for(api_user(), ticket)


def _created(body: dict):
    response = jsonify(body)
    response.status_code = 201
    return response


@bp.get("/tickets/<reference>/comments")
def list_comments(reference: str):
    ticket = load_ticket(reference)
    staff = _staff(ticket)
    comments = comments_for(ticket, staff=staff)
    masks = masks_for(api_user(), ticket, comments, staff=staff).comments
    items = [comment_json(c) for c in comments]
    for item in items:  # content under a secrecy mark this caller may not read
        if item["id"] in masks:
            item["body"] = masks[item["id"]]
    return jsonify({"items": items})


@bp.post("/tickets/<reference>/comments")
def add_comment(reference: str):
    ticket = load_ticket(reference)
    data = json_body("CommentCreate")
    comment = commit_or_error(
        lambda: ticket_domain.add_comment(
            ticket,
            api_user(),
            data["body"],
            internal=data.get("internal", False),
            source=Channel.API,
            now=now(),
        )
    )
    return _created(comment_json(comment))


@bp.get("/tickets/<reference>/history")
def list_history(reference: str):
    ticket = load_ticket(reference)
    return jsonify({"items": [history_json(h) for h in history_for(ticket, staff=_staff(ticket))]})


@bp.get("/tickets/<reference>/attachments")
def list_attachments(reference: str):
    ticket = load_ticket(reference)
    files = attachments_for(ticket, staff=_staff(ticket))
    return jsonify({"items": [attachment_json(a) for a in files]})


def _upload_fields() -> tuple[object, bool]:
    fields: dict[str, list[str]] = {}
    for name in (set(request.form) | set(request.files)) - UPLOAD_FIELDS:
        fields[name] = [_("Unknown field.")]
    storage = request.files.get("file")
    if not has_file(storage):
        fields["file"] = [_("This field is required.")]
    internal = request.form.get("internal", "false")
    if internal not in ("true", "false"):
        fields["internal"] = [_("Give true or false.")]
    if fields:
        raise invalid(fields)
    return storage, internal == "true"


@bp.post("/tickets/<reference>/attachments")
def upload_attachment(reference: str):
    ticket = load_ticket(reference)
    if not request.mimetype == "multipart/form-data":
        raise invalid({"file": [_("Send the file as multipart/form-data.")]})
    storage, internal = _upload_fields()
    try:
        attachment = commit_or_error(
            lambda: save_upload(ticket, api_user(), storage, internal=internal)
        )
    except ValidationError as exc:
        raise invalid({"file": [exc.message]}) from exc
    return _created(attachment_json(attachment))


@bp.get("/attachments/<int:attachment_id>")
def download_attachment(attachment_id: int):
    return attachment_response(attachment_id, api_user())
