"""JSON Schemas of a security incident's facts and clock decisions."""

from __future__ import annotations

from servicedesk.api.spec import NULL_STAMP, STAMP, enum, nullable, obj, ref
from servicedesk.models import ClockOutcome
from servicedesk.models.sla import LEGAL_KINDS

FLAG = {"type": "boolean"}
FACTS = {
    "confidentiality": FLAG,
    "integrity": FLAG,
    "availability": FLAG,
    "personal_data": FLAG,
    "nis2_covered": {**FLAG, "description": "Covered by the cybersecurity law (NIS2)."},
}

SECURITY_SCHEMAS = {
    "SecurityClock": obj(
        {
            "kind": {"type": "string", "enum": list(LEGAL_KINDS)},
            "state": {"type": "string", "enum": ["running", "paused", "met", "breached"]},
            "due_at": NULL_STAMP,
            "breached_at": NULL_STAMP,
            "met_at": NULL_STAMP,
            "decision": nullable("SecurityClockDecision"),
        }
    ),
    "SecurityClockDecision": obj(
        {
            "outcome": enum(ClockOutcome),
            "submitted_at": NULL_STAMP,
            "authority_reference": {"type": "string"},
            "reason": {"type": "string"},
            "decided_by": ref("Person"),
            "decided_at": STAMP,
        }
    ),
    "SecurityIncident": obj(
        {
            "reference": {"type": "string", "pattern": "^SEC-[0-9]{6,}$"},
            **FACTS,
            "aware_at": STAMP,
            "clocks": {"type": "array", "items": ref("SecurityClock")},
        }
    ),
    "SecurityIncidentUpdate": obj(
        {
            **FACTS,
            "aware_at": {
                **STAMP,
                "description": "When the organisation became aware; not after now.",
            },
        },
        required=[*FACTS, "aware_at"],
    ),
    "SecurityClockDecisionCreate": obj(
        {
            "outcome": enum(ClockOutcome),
            "submitted_at": {**STAMP, "description": "Required when submitted; not in the future."},
            "authority_reference": {
                "type": "string",
                "maxLength": 100,
                "description": "The authority's reference number; required when submitted.",
            },
            "reason": {
                "type": "string",
                "maxLength": 2000,
                "description": "Required when not reportable.",
            },
        },
        required=["outcome"],
    ),
}
