"""The OpenAPI paths of tickets: the list, one ticket, its conversation, history and files."""

from __future__ import annotations

from servicedesk.api.spec import ERRORS, INT, answers, body, param, ref
from servicedesk.models import TicketType

REFERENCE = {
    **param("reference", {"type": "string", "maxLength": 30}, "path", "e.g. INC-000123"),
    "example": "INC-000001",
}
LIST_PARAMS = [
    param("queue", INT),
    param(
        "status",
        {"type": "string", "enum": ["new", "open", "pending", "resolved", "closed", "all"]},
        description="`open` means new, open or pending; default all.",
    ),
    param("priority", {"type": "integer", "minimum": 1, "maximum": 4}),
    param("service", INT),
    param(
        "type",
        {"type": "string", "enum": [t.value for t in TicketType]},
        description="`security`: security incidents (seen by the security group only).",
    ),
    param(
        "assignee",
        {"type": "string", "pattern": "^(me|none|[0-9]{1,9})$"},
        description="A user id, `me` or `none`.",
    ),
    param(
        "q", {"type": "string", "maxLength": 200}, description="Reference or words in the title."
    ),
    param("breached", {"type": "string", "enum": ["true", "false"]}, description="due_at passed."),
    param("sort", {"type": "string", "enum": ["due", "oldest", "newest", "priority", "updated"]}),
    param("page", {"type": "integer", "minimum": 1, "maximum": 100_000}),
    param("per_page", {"type": "integer", "minimum": 1, "maximum": 100}),
]


def _uploadbody() -> dict:
    schema = {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "internal": {"type": "string", "enum": ["true", "false"]},
        },
        "required": ["file"],
        "additionalProperties": False,
    }
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}


def _ticket_paths() -> dict:
    return {
        "/tickets": {
            "get": {
                "summary": "List visible tickets with filters and pages",
                "parameters": LIST_PARAMS,
                "responses": answers("200", "TicketPage", "422"),
            },
            "post": {
                "summary": "File a ticket (admins may import historical times)",
                "requestBody": {"required": True, **body(ref("TicketCreate"))},
                "responses": answers("201", "Ticket", "400", "403", "413", "415", "422"),
            },
        },
        "/tickets/bulk": {
            "post": {
                "summary": "One action on up to 100 tickets (staff), as the queue list's bulk",
                "description": (
                    "claim, assign, status (open or pending), transfer with a reason, or tag. "
                    "Each ticket is checked for permission and its version on its own and "
                    "committed on its own: the answer is 200 with one result per ticket, "
                    "done or refused with a stable code. An incomplete action (422) or a "
                    "caller who is not staff (403) changes nothing."
                ),
                "requestBody": {"required": True, **body(ref("TicketBulk"))},
                "responses": answers("200", "TicketBulkResult", "400", "403", "413", "415", "422"),
            },
        },
    }


def _ticket_item_paths() -> dict:
    item = "/tickets/{reference}"
    return {
        item: {
            "parameters": [REFERENCE],
            "get": {"summary": "Read a ticket", "responses": answers("200", "Ticket", "404")},
            "patch": {
                "summary": "Change status, classification, assignee, queue (transfer), service",
                "requestBody": {"required": True, **body(ref("TicketUpdate"))},
                "responses": answers(
                    "200", "Ticket", "400", "403", "404", "409", "413", "415", "422"
                ),
            },
        },
        f"{item}/comments": {
            "parameters": [REFERENCE],
            "get": {
                "summary": "The conversation (internal notes only for staff)",
                "responses": answers("200", "CommentList", "404"),
            },
            "post": {
                "summary": "Reply, or add an internal note (agents)",
                "requestBody": {"required": True, **body(ref("CommentCreate"))},
                "responses": answers(
                    "201", "Comment", "400", "403", "404", "409", "413", "415", "422"
                ),
            },
        },
        f"{item}/history": {
            "parameters": [REFERENCE],
            "get": {
                "summary": "Who changed what, when",
                "responses": answers("200", "HistoryEntryList", "404"),
            },
        },
        f"{item}/attachments": {
            "parameters": [REFERENCE],
            "get": {"summary": "Files", "responses": answers("200", "AttachmentList", "404")},
            "post": {
                "summary": "Upload a file (same checks as the web)",
                "requestBody": _uploadbody(),
                "responses": answers("201", "Attachment", "403", "404", "409", "413", "422"),
            },
        },
    }


def _download_path() -> dict:
    answers = {
        "200": {
            "description": "The file, always as a download",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
    answers.update({c: {"description": ERRORS[c], **body(ref("Error"))} for c in ("401", "404")})
    return {
        "/attachments/{attachment_id}": {
            "get": {
                "summary": "Download a file",
                "parameters": [param("attachment_id", INT, "path")],
                "responses": answers,
            }
        }
    }


def ticket_paths() -> dict:
    return {**_ticket_paths(), **_ticket_item_paths(), **_download_path()}
