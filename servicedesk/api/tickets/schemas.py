"""JSON Schemas of tickets, their SLA timers, conversation, history and files: the responses,
and the request bodies that api/errors.py validates against, so the description and the API
cannot disagree."""

from __future__ import annotations

from servicedesk.api.spec import ID, LEVEL, NULL_STAMP, STAMP, enum, items_of, nullable, obj, ref
from servicedesk.domain.tickets.bulk import ACTIONS as BULK_ACTIONS
from servicedesk.domain.tickets.bulk import MAX_SELECTED as BULK_MAX
from servicedesk.domain.tickets.lifecycle import COMMENT_MAX, DESCRIPTION_MAX, TITLE_MAX
from servicedesk.models import Channel, PendingReason, Status, TicketType, TimerKind
from servicedesk.models.ticket import REFERENCE_PREFIX

REFERENCE_PATTERN = "^(" + "|".join(REFERENCE_PREFIX.values()) + ")-[0-9]{6,}$"
# Access requests are filed with their facts through /access-requests, not as bare tickets.
FILED_TYPES = {"type": "string", "enum": [t.value for t in TicketType if t != TicketType.ACCESS]}
RESPONSES = {
    "Timer": obj(
        {
            "kind": enum(TimerKind),
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
    "Ticket": obj(
        {
            "reference": {"type": "string", "pattern": REFERENCE_PATTERN},
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
            "route_reason": {
                "type": "string",
                "description": "Why it is in its queue; empty unless the caller is its staff.",
            },
            "requester": ref("Person"),
            "assignee": nullable("Person"),
            "channel": enum(Channel),
            "created_at": STAMP,
            "updated_at": STAMP,
            "resolved_at": NULL_STAMP,
            "closed_at": NULL_STAMP,
            "solution": {
                "type": ["string", "null"],
                "description": "Markdown: how the case was resolved, as the requester reads it.",
            },
            "closure_code": {
                "oneOf": [
                    obj({"code": {"type": "string"}, "name": {"type": "string"}}),
                    {"type": "null"},
                ]
            },
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
            "note": {"type": "string", "description": "What a person typed."},
            "explanation": {
                "type": ["object", "null"],
                "description": "The system's explanation as a code and its parameters.",
            },
            "explanation_text": {"type": "string", "description": "In the request's language."},
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
RESPONSES["TicketBulkResult"] = obj(
    {
        "done": {"type": "integer", "minimum": 0},
        "refused": {"type": "integer", "minimum": 0},
        "results": {
            "type": "array",
            "description": "One per ticket, in the order given (each ticket once).",
            "items": obj(
                {
                    "ticket": {"type": "string", "description": "The reference as sent."},
                    "reference": {
                        "type": ["string", "null"],
                        "description": "Null for a ticket that does not exist or is not visible.",
                    },
                    "done": {"type": "boolean"},
                    "code": {
                        "type": ["string", "null"],
                        "description": "Why not: stale_version, not_found, forbidden, "
                        "invalid_transition, validation_failed…",
                    },
                    "message": {"type": "string"},
                }
            ),
        },
    }
)
for _name in ("Comment", "HistoryEntry", "Attachment"):
    RESPONSES[f"{_name}List"] = items_of(_name)

REQUESTS = {
    "TicketCreate": obj(
        {
            "type": FILED_TYPES,
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
            "solution": {
                "type": "string",
                "maxLength": COMMENT_MAX,
                "description": "Required with status resolved (422 solution_required).",
            },
            "closure_code": {
                "type": "string",
                "maxLength": 50,
                "description": "An active closure code; required with status resolved.",
            },
            "version": {
                "type": "integer",
                "minimum": 1,
                "maximum": 2**31 - 1,
                "description": "The version you read; a stale one gives 409.",
            },
        },
        required=[],
    ),
    "TicketBulk": obj(
        {
            "action": {"type": "string", "enum": list(BULK_ACTIONS)},
            "tickets": {
                "type": "array",
                "minItems": 1,
                "maxItems": BULK_MAX,
                "items": obj(
                    {
                        "reference": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 30,
                            "description": "INC-000123, inc-123 or 123.",
                        },
                        "version": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": 2**31 - 1,
                            "description": "The version you read; a changed ticket is refused.",
                        },
                    }
                ),
            },
            "assignee": {**ID, "maximum": 2**31 - 1, "description": "With action assign."},
            "status": {
                "type": "string",
                "enum": ["open", "pending"],
                "description": "With action status; resolving needs a solution per case.",
            },
            "pending_reason": {
                "type": "string",
                "enum": [v.value for v in PendingReason],
                "description": "With status pending.",
            },
            "queue": {**ID, "maximum": 2**31 - 1, "description": "With action transfer."},
            "reason": {
                "type": "string",
                "minLength": 1,
                "maxLength": 1000,
                "description": "Why, with action transfer.",
            },
            "tag": {"type": "string", "minLength": 1, "maxLength": 50},
        },
        required=["action", "tickets"],
    ),
    "CommentCreate": obj(
        {
            "body": {"type": "string", "minLength": 1, "maxLength": COMMENT_MAX},
            "internal": {"type": "boolean", "description": "An internal note: agents only."},
        },
        required=["body"],
    ),
}

TICKET_SCHEMAS = {**RESPONSES, **REQUESTS}
