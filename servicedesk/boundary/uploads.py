"""Turn an uploaded file (form or multipart API call) into an attachment through the domain."""

from __future__ import annotations

from flask import current_app
from werkzeug.datastructures import FileStorage

from servicedesk.boundary.unit_of_work import now
from servicedesk.domain.tickets.attachments import add_attachment
from servicedesk.models import Attachment, Ticket, User


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
