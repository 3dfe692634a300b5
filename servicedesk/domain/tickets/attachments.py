"""Files on tickets: size limit, allow-list of types, content check, random storage key."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from datetime import datetime
from pathlib import Path

from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.permissions import require_agent, require_requester_or_agent
from servicedesk.domain.text import without_format_characters
from servicedesk.domain.tickets.lifecycle import record_history, refuse_if_closed
from servicedesk.infra.extensions import db
from servicedesk.models import Attachment, Ticket, User

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "txt": "text/plain",
    "log": "text/plain",
    "csv": "text/csv",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "eml": "message/rfc822",
    "msg": "application/vnd.ms-outlook",
    "zip": "application/zip",
}
# Magic bytes for types whose content we can check cheaply.
MAGIC = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "odp": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04",),
    "msg": (b"\xd0\xcf\x11\xe0",),
}
TEXT_TYPES = {"txt", "log", "csv", "eml"}


def safe_filename(name: str) -> str:
    """A display name without paths, control or format characters (a bidi override makes
    "faktura\u202etxt.exe" show as an .exe reversed) or quotes (RFC 6266-safe)."""
    name = without_format_characters(unicodedata.normalize("NFC", name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>:|?*;]", "_", name).strip(" .")
    return name[:200] or "file"


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def validate_upload(filename: str, data: bytes, *, allowed: frozenset[str], max_bytes: int) -> str:
    """Return the extension of an acceptable upload, else raise a ValidationError."""
    name = safe_filename(filename)
    ext = _extension(name)
    if ext not in allowed or ext not in CONTENT_TYPES:
        raise type_not_allowed(allowed)
    if len(data) == 0:
        raise ValidationError(_l("The file is empty."), field="attachment")
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    if ext in MAGIC and not data.startswith(MAGIC[ext]):
        raise ValidationError(_l("The file's content does not match its type."), field="attachment")
    if ext in TEXT_TYPES and b"\x00" in data[:8192]:
        raise ValidationError(_l("The file's content does not match its type."), field="attachment")
    return ext


MB = 1024 * 1024


def allowed_types(allowed: frozenset[str]) -> list[str]:
    """The extensions a person may upload: the configured ones this module can store."""
    return sorted(ext for ext in allowed if ext in CONTENT_TYPES)


def file_size(size: int) -> str:
    """A size in megabytes as the reader writes numbers ("2,5 MB" in Swedish)."""
    return gettext("%(size)s MB", size=format_decimal(size / MB, format="#,##0.#"))


def describe_limits(allowed: frozenset[str], *, max_bytes: int, total_bytes: int) -> str:
    """The rule stated next to a file field, in the reader's language."""
    return gettext(
        "At most %(per_file)s per file, %(total)s in all. Allowed types: %(types)s.",
        per_file=file_size(max_bytes),
        total=file_size(total_bytes),
        types=", ".join(allowed_types(allowed)),
    )


def type_not_allowed(allowed: frozenset[str]) -> ValidationError:
    return ValidationError(
        _l(
            "That file type is not allowed. Allowed: %(types)s.",
            types=", ".join(allowed_types(allowed)),
        ),
        field="attachment",
    )


def too_large(max_bytes: int) -> ValidationError:
    return ValidationError(
        _l("The file is too large (at most %(size)s).", size=file_size(max_bytes)),
        field="attachment",
    )


def too_large_in_all(total_bytes: int) -> ValidationError:
    return ValidationError(
        _l(
            "The files are too large together (at most %(total)s in all). Nothing was "
            "saved: choose fewer or smaller files.",
            total=file_size(total_bytes),
        ),
        field="attachment",
    )


def check_uploads(
    files: list[tuple[str, bytes]],
    *,
    allowed: frozenset[str],
    max_bytes: int,
    total_bytes: int,
) -> None:
    """Every file of one post acceptable, and all of them within the total, before any is
    stored; the error names the file it is about."""
    for name, data in files:
        try:
            validate_upload(name, data, allowed=allowed, max_bytes=max_bytes)
        except ValidationError as exc:
            raise ValidationError(
                gettext("%(file)s: %(problem)s", file=safe_filename(name), problem=exc.message),
                field="attachment",
            ) from exc
    if sum(len(data) for _name, data in files) > total_bytes:
        raise too_large_in_all(total_bytes)


def add_attachment(
    ticket: Ticket,
    actor: User,
    filename: str,
    data: bytes,
    *,
    storage_dir: str,
    allowed: frozenset[str],
    max_bytes: int,
    internal: bool = False,
    comment_id: int | None = None,
    now: datetime,
) -> Attachment:
    if internal:
        require_agent(actor, ticket)
    else:
        require_requester_or_agent(actor, ticket)
    refuse_if_closed(ticket)
    attachment = Attachment(
        ticket_id=ticket.id,
        comment_id=comment_id,
        internal=internal,
        **store_upload(
            filename, data, storage_dir=storage_dir, allowed=allowed, max_bytes=max_bytes
        ),
        uploaded_by_id=actor.id,
        created_at=now,
    )
    db.session.add(attachment)
    record_history(
        ticket, actor, "attachment", None, attachment.filename, now=now, internal=internal
    )
    db.session.flush()
    return attachment


def store_upload(
    filename: str, data: bytes, *, storage_dir: str, allowed: frozenset[str], max_bytes: int
) -> dict:
    """Check an upload and store its bytes; the columns of its `StoredFile` row."""
    ext = validate_upload(filename, data, allowed=allowed, max_bytes=max_bytes)
    return {
        "filename": safe_filename(filename),
        "content_type": CONTENT_TYPES[ext],
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "storage_key": write_file(storage_dir, data),
    }


def write_file(storage_dir: str, data: bytes) -> str:
    """Store the bytes under a new random key (written whole, then renamed); the key."""
    key = secrets.token_hex(16)
    path = Path(storage_dir)
    path.mkdir(parents=True, exist_ok=True)
    tmp = path / f".{key}.tmp"
    tmp.write_bytes(data)
    os.replace(tmp, path / key)
    return key


def attachment_path(storage_dir: str, attachment: Attachment) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", attachment.storage_key):
        raise ValidationError(_l("Bad storage key."))
    return Path(storage_dir) / attachment.storage_key
