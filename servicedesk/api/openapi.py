"""GET /api/v1/openapi.json: the OpenAPI 3.1 description of what the API really does.

Built from api/schemas.py, the same schemas the API validates its request bodies with; the
test suite validates real responses against it and runs schemathesis over it.
"""

from __future__ import annotations

from flask import jsonify

from servicedesk.api import bp
from servicedesk.api.schemas import COMPONENTS, ref

JSON = "application/json"
ERRORS = {
    "400": "Malformed JSON.",
    "401": "No token, or an unknown, expired or revoked one.",
    "403": "The caller may see the resource but not do this.",
    "404": "No such resource, or one the caller may not see.",
    "409": "A stale version or a status change the workflow does not allow.",
    "413": "The body is too large.",
    "415": "The body is not JSON.",
    "422": "Invalid fields; `fields` says which.",
}


def _body(schema: dict) -> dict:
    return {"content": {JSON: {"schema": schema}}}


def _answers(ok: str, schema: str, *codes: str) -> dict:
    answers = {ok: {"description": "OK", **_body(ref(schema))}}
    for code in ("401", *codes):
        answers[code] = {"description": ERRORS[code], **_body(ref("Error"))}
    return answers


def _param(name: str, schema: dict, where: str = "query", description: str = "") -> dict:
    param = {"name": name, "in": where, "required": where == "path", "schema": schema}
    if description:
        param["description"] = description
    return param


REFERENCE = {
    **_param("reference", {"type": "string", "maxLength": 30}, "path", "e.g. INC-000123"),
    "example": "INC-000001",
}
INT = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
LIST_PARAMS = [
    _param("queue", INT),
    _param(
        "status",
        {"type": "string", "enum": ["new", "open", "pending", "resolved", "closed", "all"]},
        description="`open` means new, open or pending; default all.",
    ),
    _param("priority", {"type": "integer", "minimum": 1, "maximum": 4}),
    _param("service", INT),
    _param(
        "assignee",
        {"type": "string", "pattern": "^(me|none|[0-9]{1,9})$"},
        description="A user id, `me` or `none`.",
    ),
    _param(
        "q", {"type": "string", "maxLength": 200}, description="Reference or words in the title."
    ),
    _param("breached", {"type": "string", "enum": ["true", "false"]}, description="due_at passed."),
    _param("sort", {"type": "string", "enum": ["due", "oldest", "newest", "priority", "updated"]}),
    _param("page", {"type": "integer", "minimum": 1, "maximum": 100_000}),
    _param("per_page", {"type": "integer", "minimum": 1, "maximum": 100}),
]


def _upload_body() -> dict:
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
                "responses": _answers("200", "TicketPage", "422"),
            },
            "post": {
                "summary": "File a ticket (admins may import historical times)",
                "requestBody": {"required": True, **_body(ref("TicketCreate"))},
                "responses": _answers("201", "Ticket", "400", "403", "413", "415", "422"),
            },
        },
    }


def _ticket_item_paths() -> dict:
    item = "/tickets/{reference}"
    return {
        item: {
            "parameters": [REFERENCE],
            "get": {"summary": "Read a ticket", "responses": _answers("200", "Ticket", "404")},
            "patch": {
                "summary": "Change status, classification, assignee, queue (transfer), service",
                "requestBody": {"required": True, **_body(ref("TicketUpdate"))},
                "responses": _answers(
                    "200", "Ticket", "400", "403", "404", "409", "413", "415", "422"
                ),
            },
        },
        f"{item}/comments": {
            "parameters": [REFERENCE],
            "get": {
                "summary": "The conversation (internal notes only for staff)",
                "responses": _answers("200", "CommentList", "404"),
            },
            "post": {
                "summary": "Reply, or add an internal note (agents)",
                "requestBody": {"required": True, **_body(ref("CommentCreate"))},
                "responses": _answers(
                    "201", "Comment", "400", "403", "404", "409", "413", "415", "422"
                ),
            },
        },
        f"{item}/history": {
            "parameters": [REFERENCE],
            "get": {
                "summary": "Who changed what, when",
                "responses": _answers("200", "HistoryEntryList", "404"),
            },
        },
        f"{item}/attachments": {
            "parameters": [REFERENCE],
            "get": {"summary": "Files", "responses": _answers("200", "AttachmentList", "404")},
            "post": {
                "summary": "Upload a file (same checks as the web)",
                "requestBody": _upload_body(),
                "responses": _answers("201", "Attachment", "403", "404", "409", "413", "422"),
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
    answers.update({c: {"description": ERRORS[c], **_body(ref("Error"))} for c in ("401", "404")})
    return {
        "/attachments/{attachment_id}": {
            "get": {
                "summary": "Download a file",
                "parameters": [_param("attachment_id", INT, "path")],
                "responses": answers,
            }
        }
    }


def _calendar_path() -> dict:
    return {
        "/calendars/{calendar_id}": {
            "get": {
                "summary": "A business-hours calendar for one year",
                "parameters": [
                    _param("calendar_id", INT, "path"),
                    _param(
                        "year",
                        {"type": "integer", "minimum": 1900, "maximum": 2200},
                        description="Defaults to the current year in the calendar's time zone.",
                    ),
                ],
                "responses": _answers("200", "Calendar", "404", "422"),
            }
        }
    }


def build_document() -> dict:
    catalog = {
        "/me": ("Who the token acts as", "Me"),
        "/services": ("Active services", "ServiceList"),
        "/queues": ("Active queues", "QueueList"),
        "/units": ("Organisational units", "UnitList"),
    }
    paths = {
        path: {"get": {"summary": summary, "responses": _answers("200", schema)}}
        for path, (summary, schema) in catalog.items()
    }
    paths.update(_ticket_paths())
    paths.update(_ticket_item_paths())
    paths.update(_download_path())
    paths.update(_calendar_path())
    from servicedesk.api.openapi_changes import change_paths, problem_paths, report_paths

    paths.update(change_paths())
    paths.update(problem_paths())
    paths.update(report_paths())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Servicedesk API",
            "version": "1.0.0",
            "description": (
                "Tickets, their conversation, files, history and SLA timers; change "
                "requests, problem records and the SLA report."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": COMPONENTS,
    }


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(build_document())
