"""JSON Schemas of notices and major incidents (gathered into api/components.py)."""

from __future__ import annotations

from servicedesk.api.spec import NAMED, NULL_STAMP, STAMP, obj, ref
from servicedesk.domain.major.suggestions import COUNT_RANGE, MINUTES_RANGE
from servicedesk.domain.notices.notices import BODY_MAX, TITLE_MAX, WRITABLE_KINDS
from servicedesk.domain.tickets.lifecycle import COMMENT_MAX
from servicedesk.models import NoticeKind, NoticeState, Status

TICKET_REFERENCE = {"type": "string", "minLength": 1, "maxLength": 30}
NULL_REFERENCE = {"type": ["string", "null"], "maxLength": 30}
SERVICE_IDS = {
    "type": "array",
    "items": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    "maxItems": 50,
    "description": "The services the notice is about; at least one.",
}

NOTICE = obj(
    {
        "id": {"type": "integer"},
        "kind": {"type": "string", "enum": [k.value for k in NoticeKind]},
        "state": {"type": "string", "enum": [s.value for s in NoticeState]},
        "severity": {"type": "integer", "minimum": 1, "maximum": 3},
        "title": {"type": "string"},
        "body": {"type": "string", "description": "Markdown."},
        "starts_at": STAMP,
        "ends_at": NULL_STAMP,
        "published_at": NULL_STAMP,
        "resolved_at": NULL_STAMP,
        "updated_at": STAMP,
        "services": {"type": "array", "items": NAMED},
        "major_incident": NULL_REFERENCE,
    }
)
NOTICE_FIELDS = {
    "kind": {"type": "string", "enum": list(WRITABLE_KINDS)},
    "title": {"type": "string", "maxLength": TITLE_MAX},
    "body": {"type": "string", "maxLength": BODY_MAX},
    "severity": {"type": "integer", "minimum": 1, "maximum": 3},
    "starts_at": {"type": "string", "maxLength": 40},
    "ends_at": {"type": ["string", "null"], "maxLength": 40},
    "services": SERVICE_IDS,
    "major_incident": NULL_REFERENCE,
    "publish": {"type": "boolean", "description": "Publish at once; default a draft."},
}
NOTICE_CREATE = obj(NOTICE_FIELDS, required=["kind", "title", "starts_at", "services"])
NOTICE_UPDATE = {
    **obj(NOTICE_FIELDS, required=[]),
    "description": "Only the fields given change; `publish: true` publishes a draft.",
}
NOTICE_RESOLVE = obj(
    {"text": {"type": "string", "maxLength": BODY_MAX, "description": "A closing text."}},
    required=[],
)
MAJOR = obj(
    {
        "reference": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "string", "enum": [s.value for s in Status]},
        "declared_at": STAMP,
        "declared_by": {"oneOf": [ref("Person"), {"type": "null"}]},
        "workaround": {"type": "string"},
        "problem": NULL_REFERENCE,
        "children": {
            "type": "array",
            "items": obj(
                {
                    "reference": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "string", "enum": [s.value for s in Status]},
                }
            ),
        },
        "child_count": {"type": "integer", "minimum": 0},
    }
)

MAJOR_THRESHOLD = obj(
    {
        "service": NAMED,
        "count": {"type": "integer", "description": "This many incidents of the service ..."},
        "minutes": {"type": "integer", "description": "... within this many minutes."},
        "updated_at": STAMP,
    }
)

NOTICE_SCHEMAS = {
    "Notice": NOTICE,
    "NoticeList": obj({"items": {"type": "array", "items": ref("Notice")}}),
    "NoticeCreate": NOTICE_CREATE,
    "NoticeUpdate": NOTICE_UPDATE,
    "NoticeResolve": NOTICE_RESOLVE,
    "MajorIncident": MAJOR,
    "MajorThreshold": MAJOR_THRESHOLD,
    "MajorThresholdList": obj({"items": {"type": "array", "items": ref("MajorThreshold")}}),
    "MajorThresholdSet": obj(
        {
            "count": {"type": "integer", "minimum": COUNT_RANGE[0], "maximum": COUNT_RANGE[1]},
            "minutes": {
                "type": "integer",
                "minimum": MINUTES_RANGE[0],
                "maximum": MINUTES_RANGE[1],
            },
        }
    ),
    "MajorDeclare": obj({"ticket": TICKET_REFERENCE}),
    "MajorChildLink": obj({"child": TICKET_REFERENCE}),
    "MajorUpdate": obj({"body": {"type": "string", "minLength": 1, "maxLength": COMMENT_MAX}}),
}
