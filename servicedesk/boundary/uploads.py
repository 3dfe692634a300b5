"""Turn uploaded files (form or multipart API call) into attachments through the domain,
and recover what was typed with files that were refused as too large."""

from __future__ import annotations

from flask import current_app
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from servicedesk.boundary.unit_of_work import now
from servicedesk.domain.tickets.attachments import add_attachment, check_uploads, describe_limits
from servicedesk.models import Attachment, Ticket, User

# How much of a refused body is read to find the text typed before its files.
TYPED_PREFIX_BYTES = 512 * 1024


def has_file(storage: FileStorage | None) -> bool:
    return bool(storage and storage.filename)


def chosen_files(data) -> list[FileStorage]:
    """The files a form field holds (one FileStorage or a list from a `multiple` field)."""
    items = data if isinstance(data, list | tuple) else [data]
    return [item for item in items if has_file(item)]


def limits_text() -> str:
    """ "At most 10 MB per file, 25 MB in all. Allowed types: …" from the configuration."""
    cfg = current_app.config
    return describe_limits(
        cfg["ATTACHMENT_EXTENSIONS"],
        max_bytes=cfg["ATTACHMENT_MAX_BYTES"],
        total_bytes=cfg["ATTACHMENT_TOTAL_BYTES"],
    )


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
    return _store(ticket, actor, storage.filename or "file", data, internal, comment_id)


def save_uploads(
    ticket: Ticket,
    actor: User,
    storages: list[FileStorage],
    *,
    internal: bool = False,
    comment_id: int | None = None,
) -> list[Attachment]:
    """Several files of one post: all are checked (each, and their total) before any is
    stored, so one bad file refuses the post whole (the unit of work rolls back)."""
    cfg = current_app.config
    limit = cfg["ATTACHMENT_MAX_BYTES"]
    files = [(s.filename or "file", s.stream.read(limit + 1)) for s in storages]
    check_uploads(
        files,
        allowed=cfg["ATTACHMENT_EXTENSIONS"],
        max_bytes=limit,
        total_bytes=cfg["ATTACHMENT_TOTAL_BYTES"],
    )
    return [_store(ticket, actor, name, data, internal, comment_id) for name, data in files]


def _store(ticket, actor, name: str, data: bytes, internal: bool, comment_id) -> Attachment:
    cfg = current_app.config
    return add_attachment(
        ticket,
        actor,
        name,
        data,
        storage_dir=cfg["ATTACHMENT_DIR"],
        allowed=cfg["ATTACHMENT_EXTENSIONS"],
        max_bytes=cfg["ATTACHMENT_MAX_BYTES"],
        internal=internal,
        comment_id=comment_id,
        now=now(),
    )


def typed_fields_of_refused_body(environ: dict, *, limit: int = TYPED_PREFIX_BYTES) -> MultiDict:
    """The text fields of a multipart body refused as too large (over MAX_CONTENT_LENGTH).

    Werkzeug refuses such a body before reading any of it, so the form would come back
    empty. Browsers send a form's fields in document order, and the portal's forms put the
    file field after the text, so the typed text is at the start of the body: this reads at
    most `limit` bytes of it straight from the WSGI input and keeps each text field that is
    complete before the first file part. Nothing else of the body is read or stored (the
    server discards the rest), so a 30 MB or a 3 GB upload costs the same. Fields cut off
    by the limit, and anything after the first file, are left out."""
    mimetype, options = parse_options_header(environ.get("CONTENT_TYPE", ""))
    boundary = options.get("boundary", "")
    stream = environ.get("wsgi.input")
    if mimetype != "multipart/form-data" or not boundary or stream is None:
        return MultiDict()
    try:
        length = int(environ.get("CONTENT_LENGTH") or limit)
    except ValueError:
        length = limit
    decoder = MultipartDecoder(boundary.encode("latin-1"), max_form_memory_size=limit)
    fields: MultiDict = MultiDict()
    name, parts, remaining = None, [], min(length, limit)
    while remaining > 0:
        chunk = stream.read(min(64 * 1024, remaining))
        if not chunk:
            break
        remaining -= len(chunk)
        decoder.receive_data(chunk)
        event = decoder.next_event()
        while not isinstance(event, NeedData):
            if isinstance(event, File | Epilogue):
                return fields
            if isinstance(event, Field):
                name, parts = event.name, []
            elif isinstance(event, Data) and name is not None:
                parts.append(event.data)
                if not event.more_data:
                    fields.add(name, b"".join(parts).decode("utf-8", "replace"))
                    name = None
            event = decoder.next_event()
    return fields
