"""JSON Schemas of the API (OpenAPI 3.1 components): the responses, and the request bodies
that api/errors.py validates against, so the description and the API cannot disagree."""

from __future__ import annotations

from servicedesk.domain.tickets import COMMENT_MAX, DESCRIPTION_MAX, TITLE_MAX
from servicedesk.models import Channel, PendingReason, Role, Status, TicketType

STAMP = {"type": "string", "format": "date-time"}
NULL_STAMP = {"type": ["string", "null"], "format": "date-time"}
ID = {"type": "integer", "minimum": 1}
LEVEL = {"type": "integer", "minimum": 1, "maximum": 3}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(name: str) -> dict:
    return {"oneOf": [ref(name), {"type": "null"}]}


def obj(properties: dict, *, required: list[str] | None = None) -> dict:
    """A closed object: every property listed is required unless `required` says otherwise."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def items_of(name: str) -> dict:
    return obj({"items": {"type": "array", "items": ref(name)}})


def enum(values) -> dict:
    return {"type": "string", "enum": [v.value for v in values]}


NAMED = obj({"id": {"type": "integer"}, "name": {"type": "string"}})
PERSON = obj({"id": {"type": "integer"}, "name": {"type": "string"}, "email": {"type": "string"}})

RESPONSES = {
    "Named": NAMED,
    "Person": PERSON,
    "Error": obj(
        {
            "error": obj(
                {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "fields": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                },
                required=["code", "message"],
            )
        }
    ),
    "Me": obj(
        {
            **PERSON["properties"],
            "roles": {"type": "array", "items": enum(Role)},
            "unit": nullable("Named"),
            "locale": {"type": "string", "enum": ["sv", "en"]},
        }
    ),
    "Unit": obj(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "short_name": {"type": "string"},
            "kind": {"type": "string"},
            "parent_id": {"type": ["integer", "null"]},
        }
    ),
    "Queue": obj(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "unit": ref("Named"),
            "is_central": {"type": "boolean"},
        }
    ),
    "Service": obj(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "name_en": {"type": "string"},
            "description": {"type": "string"},
            "owner_unit": ref("Named"),
            "queue": nullable("Named"),
            "confidentiality": {"type": "integer", "minimum": 1, "maximum": 4},
        }
    ),
    "Timer": obj(
        {
            "kind": {"type": "string", "enum": ["first_response", "resolution", "ola"]},
            "target": {"type": "integer", "description": "Business minutes."},
            "calendar": ref("Named"),
            "state": {"type": "string", "enum": ["running", "paused", "met", "breached"]},
            "elapsed": {"type": "number", "description": "Business minutes used."},
            "due_at": {**NULL_STAMP, "description": "Null while paused or stopped."},
            "warned_at": NULL_STAMP,
            "breached_at": NULL_STAMP,
            "met_at": NULL_STAMP,
            "queue": {**nullable("Named"), "description": "The queue of an OLA timer."},
        }
    ),
    "Calendar": obj(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "timezone": {"type": "string"},
            "always_open": {"type": "boolean"},
            "year": {"type": "integer"},
            "weekly_hours": {
                "type": "object",
                "description": "monday..sunday: open intervals in local wall-clock time.",
                "additionalProperties": {
                    "type": "array",
                    "items": obj({"opens": {"type": "string"}, "closes": {"type": "string"}}),
                },
            },
            "closed_dates": {
                "type": "array",
                "items": obj(
                    {"date": {"type": "string", "format": "date"}, "reason": {"type": "string"}}
                ),
            },
            "short_days": {
                "type": "array",
                "items": obj(
                    {"date": {"type": "string", "format": "date"}, "closes": {"type": "string"}}
                ),
            },
        }
    ),
    "Ticket": obj(
        {
            "reference": {"type": "string", "pattern": "^(INC|REQ)-[0-9]{6,}$"},
            "type": enum(TicketType),
            "title": {"type": "string"},
            "description": {"type": "string"},
            "status": enum(Status),
            "pending_reason": {
                "type": ["string", "null"],
                "enum": [*[v.value for v in PendingReason], None],
            },
            "impact": LEVEL,
            "urgency": LEVEL,
            "priority": {"type": "integer", "minimum": 1, "maximum": 4},
            "service": nullable("Named"),
            "queue": ref("Named"),
            "owner_unit": nullable("Named"),
            "route_reason": {"type": "string"},
            "requester": ref("Person"),
            "assignee": nullable("Person"),
            "channel": enum(Channel),
            "created_at": STAMP,
            "updated_at": STAMP,
            "resolved_at": NULL_STAMP,
            "closed_at": NULL_STAMP,
            "version": {"type": "integer"},
            "sla": {"type": "array", "items": ref("Timer")},
        }
    ),
    "TicketPage": obj(
        {
            "items": {"type": "array", "items": ref("Ticket")},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
        }
    ),
    "Comment": obj(
        {
            "id": {"type": "integer"},
            "body": {"type": "string"},
            "internal": {"type": "boolean"},
            "source": enum(Channel),
            "author": nullable("Named"),
            "created_at": STAMP,
        }
    ),
    "HistoryEntry": obj(
        {
            "id": {"type": "integer"},
            "at": STAMP,
            "actor": nullable("Named"),
            "field": {"type": "string"},
            "old_value": {"type": ["string", "null"]},
            "new_value": {"type": ["string", "null"]},
            "note": {"type": "string"},
            "internal": {"type": "boolean"},
        }
    ),
    "Attachment": obj(
        {
            "id": {"type": "integer"},
            "filename": {"type": "string"},
            "content_type": {"type": "string"},
            "size": {"type": "integer"},
            "sha256": {"type": "string"},
            "internal": {"type": "boolean"},
            "comment_id": {"type": ["integer", "null"]},
            "created_at": STAMP,
            "download_url": {"type": "string"},
        }
    ),
}
for _name in ("Unit", "Queue", "Service", "Comment", "HistoryEntry", "Attachment"):
    RESPONSES[f"{_name}List"] = items_of(_name)

REQUESTS = {
    "TicketCreate": obj(
        {
            "type": enum(TicketType),
            "title": {"type": "string", "minLength": 1, "maxLength": TITLE_MAX},
            "description": {"type": "string", "minLength": 1, "maxLength": DESCRIPTION_MAX},
            "service": {"type": ["integer", "null"], "minimum": 1, "maximum": 2**31 - 1},
            "impact": LEVEL,
            "urgency": LEVEL,
            "channel": enum(Channel),
            "requester": {
                "type": "string",
                "maxLength": 254,
                "description": "E-mail of the requester; staff only (phone, monitoring).",
            },
            "created_at": {**STAMP, "description": "Admins only: import from a previous system."},
            "resolved_at": {**STAMP, "description": "Admins only, with created_at."},
            "closed_at": {**STAMP, "description": "Admins only, after resolved_at."},
        },
        required=["title", "description"],
    ),
    "TicketUpdate": obj(
        {
            "status": enum(Status),
            "pending_reason": {
                "type": ["string", "null"],
                "enum": [*[v.value for v in PendingReason], None],
            },
            "impact": LEVEL,
            "urgency": LEVEL,
            "title": {"type": "string", "minLength": 1, "maxLength": TITLE_MAX},
            "service": {"type": ["integer", "null"], "minimum": 1, "maximum": 2**31 - 1},
            "assignee": {"type": ["integer", "null"], "minimum": 1, "maximum": 2**31 - 1},
            "queue": {**ID, "maximum": 2**31 - 1, "description": "Transfer: needs `reason`."},
            "reason": {"type": "string", "minLength": 1, "maxLength": 1000},
            "version": {
                "type": "integer",
                "minimum": 1,
                "maximum": 2**31 - 1,
                "description": "The version you read; a stale one gives 409.",
            },
        },
        required=[],
    ),
    "CommentCreate": obj(
        {
            "body": {"type": "string", "minLength": 1, "maxLength": COMMENT_MAX},
            "internal": {"type": "boolean", "description": "An internal note: agents only."},
        },
        required=["body"],
    ),
}

# Imported here, after the helpers above they use, to keep each module small.
from servicedesk.api.change_schemas import CHANGE_SCHEMAS  # noqa: E402
from servicedesk.api.report_schemas import REPORT_SCHEMAS  # noqa: E402

COMPONENTS = {
    "schemas": {**RESPONSES, **REQUESTS, **CHANGE_SCHEMAS, **REPORT_SCHEMAS},
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
}
