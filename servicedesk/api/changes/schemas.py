"""JSON Schemas of changes, problems and the SLA report (gathered into api/components.py)."""

from __future__ import annotations

from servicedesk.api.changes.serializers import TEXT_FIELDS
from servicedesk.api.spec import NULL_STAMP, STAMP, enum, obj, page_of, ref
from servicedesk.domain.changes.state import RISK_LEVELS
from servicedesk.domain.changes.workflow import TEXT_MAX
from servicedesk.models import ApprovalRole, ChangeKind, ChangeState, Decision, ProblemStatus

MAX_INT = 2**31 - 1
TEXT = {"type": "string", "maxLength": TEXT_MAX}
TITLE = {"type": "string", "minLength": 1, "maxLength": 200}
RISK = {"type": ["integer", "null"], "minimum": 1, "maximum": 4}
COST = {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_INT, "description": "SEK"}
CHANGE_REFERENCE = {"type": "string", "pattern": "^CHG-[0-9]{6,}$"}
PROBLEM_REFERENCE = {"type": "string", "pattern": "^PRB-[0-9]{6,}$"}
VERSION = {
    "type": "integer",
    "minimum": 1,
    "maximum": MAX_INT,
    "description": "The version you read; a stale one gives 409.",
}


CHANGE_REF = obj(
    {"reference": CHANGE_REFERENCE, "title": {"type": "string"}, "state": enum(ChangeState)}
)
CHANGE_FIELDS = {
    "reference": CHANGE_REFERENCE,
    "kind": enum(ChangeKind),
    "state": enum(ChangeState),
    "title": {"type": "string"},
    **{name: {"type": "string"} for name in TEXT_FIELDS},
    "planned_start": NULL_STAMP,
    "planned_end": NULL_STAMP,
    "cost_one_off": {"type": ["integer", "null"]},
    "cost_yearly": {"type": ["integer", "null"]},
    "risk_likelihood": RISK,
    "risk_impact": RISK,
    "risk_level": {"type": ["string", "null"], "enum": [*RISK_LEVELS, None]},
    "services": {"type": "array", "items": ref("Named")},
    "requester": ref("Person"),
    "owner": ref("Person"),
    "created_at": STAMP,
    "updated_at": STAMP,
    "version": {"type": "integer"},
}
APPROVAL = obj(
    {
        "approver": ref("Person"),
        "role": enum(ApprovalRole),
        "decision": enum(Decision),
        "comment": {"type": "string"},
        "requested_at": STAMP,
        "decided_at": NULL_STAMP,
    }
)
CHANGE_HISTORY = obj(
    {
        "at": STAMP,
        "actor": {"oneOf": [ref("Named"), {"type": "null"}]},
        "field": {"type": "string"},
        "old_value": {"type": ["string", "null"]},
        "new_value": {"type": ["string", "null"]},
    }
)
CONFLICTS = obj(
    {
        "changes": {
            "type": "array",
            "items": obj(
                {**CHANGE_REF["properties"], "planned_start": STAMP, "planned_end": STAMP}
            ),
        },
        "freezes": {
            "type": "array",
            "items": obj(
                {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "start_at": STAMP,
                    "end_at": STAMP,
                    "service": {"oneOf": [ref("Named"), {"type": "null"}]},
                }
            ),
        },
    }
)
CHANGE_DETAIL = obj(
    {
        **CHANGE_FIELDS,
        "transitions": {
            "type": "array",
            "items": enum(ChangeState),
            "description": "The states this caller may move the change to now.",
        },
        "approvals": {"type": "array", "items": ref("ChangeApproval")},
        "history": {"type": "array", "items": ref("ChangeHistoryEntry")},
        "conflicts": ref("ChangeConflicts"),
    }
)

PROBLEM_FIELDS = {
    "reference": PROBLEM_REFERENCE,
    "title": {"type": "string"},
    "description": {"type": "string"},
    "status": enum(ProblemStatus),
    "root_cause": {"type": "string"},
    "workaround": {"type": "string"},
    "known_error": {"type": "boolean"},
    "fix_change": {"oneOf": [ref("ChangeRef"), {"type": "null"}]},
    "owner": {"oneOf": [ref("Person"), {"type": "null"}]},
    "created_at": STAMP,
    "updated_at": STAMP,
    "resolved_at": NULL_STAMP,
    "version": {"type": "integer"},
}
LINKED_INCIDENT = obj(
    {
        "reference": {"type": "string"},
        "visible": {"type": "boolean", "description": "False: the number only, as on the page."},
        "title": {"type": ["string", "null"]},
        "status": {"type": ["string", "null"]},
    }
)

# The editable fields of a change, for create (title required) and update (none required).
CHANGE_INPUT = {
    "kind": enum(ChangeKind),
    "title": TITLE,
    **{name: TEXT for name in TEXT_FIELDS},
    "planned_start": {**NULL_STAMP, "description": "With an offset; null clears it."},
    "planned_end": {**NULL_STAMP, "description": "After planned_start."},
    "cost_one_off": COST,
    "cost_yearly": COST,
    "risk_likelihood": RISK,
    "risk_impact": RISK,
    "services": {
        "type": "array",
        "items": {"type": "integer", "minimum": 1, "maximum": MAX_INT},
        "maxItems": 100,
        "description": "Ids of active services; their owners approve the change.",
    },
    "owner": {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_INT,
        "description": "A staff user's id; default the caller.",
    },
}

CHANGE_SCHEMAS = {
    "ChangeRef": CHANGE_REF,
    "ChangeSummary": obj(CHANGE_FIELDS),
    "ChangeApproval": APPROVAL,
    "ChangeHistoryEntry": CHANGE_HISTORY,
    "ChangeConflicts": CONFLICTS,
    "Change": CHANGE_DETAIL,
    "ChangePage": page_of("ChangeSummary"),
    "ProblemSummary": obj(PROBLEM_FIELDS),
    "LinkedIncident": LINKED_INCIDENT,
    "Problem": obj(
        {**PROBLEM_FIELDS, "incidents": {"type": "array", "items": ref("LinkedIncident")}}
    ),
    "ProblemPage": page_of("ProblemSummary"),
    "ChangeCreate": obj(CHANGE_INPUT, required=["title"]),
    "ChangeUpdate": obj({**CHANGE_INPUT, "version": VERSION}, required=[]),
    "ChangeTransition": obj({"to": enum(ChangeState), "version": VERSION}, required=["to"]),
    "ChangeDecision": obj(
        {
            "decision": {"type": "string", "enum": ["approve", "reject"]},
            "comment": {
                "type": "string",
                "maxLength": 5000,
                "description": "Required when you reject.",
            },
        },
        required=["decision"],
    ),
    "ProblemCreate": obj({"title": TITLE, "description": TEXT}, required=["title"]),
    "ProblemUpdate": obj(
        {
            "root_cause": TEXT,
            "workaround": TEXT,
            "known_error": {"type": "boolean", "description": "Needs a workaround."},
            "status": {
                **enum(ProblemStatus),
                "description": "resolved needs a root cause; closed needs resolved.",
            },
            "fix_change": {
                "oneOf": [{**CHANGE_REFERENCE, "maxLength": 30}, {"type": "null"}],
                "description": "The change that removes the cause; null unlinks it.",
            },
            "version": VERSION,
        },
        required=[],
    ),
    "IncidentLink": obj({"ticket": {"type": "string", "minLength": 1, "maxLength": 30}}),
}
