"""JSON Schemas of access requests, grants and reviews (gathered into api/components.py)."""

from __future__ import annotations

from servicedesk.api.spec import NULL_STAMP, STAMP, enum, nullable, obj, page_of, ref
from servicedesk.domain.access.requests import REASON_MAX
from servicedesk.models.access import (
    ApprovalStep,
    RequestKind,
    RequestState,
    ReviewAnswer,
    ReviewState,
    Verdict,
)

MAX_INT = 2**31 - 1
ID = {"type": "integer", "minimum": 1, "maximum": MAX_INT}
DAY = {"type": "string", "format": "date", "maxLength": 10, "description": "YYYY-MM-DD"}
NULL_DAY = {"type": ["string", "null"], "format": "date", "maxLength": 10}
BEH_REFERENCE = {"type": "string", "pattern": "^BEH-[0-9]{6,}$"}
REASON = {"type": "string", "minLength": 1, "maxLength": REASON_MAX}
SUBJECT = obj(
    {
        "id": {"type": ["integer", "null"]},
        "name": {"type": "string"},
        "email": {"type": "string"},
    }
)


ACCESS_DECISION = obj(
    {
        "step": enum(ApprovalStep),
        "approver": ref("Person"),
        "decision": enum(Verdict),
        "reason": {"type": "string"},
        "decided_at": STAMP,
    }
)
ACCESS_REQUEST = obj(
    {
        "reference": BEH_REFERENCE,
        "kind": enum(RequestKind),
        "state": enum(RequestState),
        "service": ref("Named"),
        "role": ref("Named"),
        "person": ref("AccessSubject"),
        "reason": {"type": "string"},
        "valid_from": DAY,
        "valid_to": NULL_DAY,
        "current_step": {
            "type": ["string", "null"],
            "enum": [*(s.value for s in ApprovalStep), None],
        },
        "requested_by": ref("Person"),
        "created_at": STAMP,
        "decisions": {"type": "array", "items": ref("AccessDecision")},
    }
)
ACCESS_GRANT = obj(
    {
        "id": {"type": "integer"},
        "service": ref("Named"),
        "role": ref("Named"),
        "person": ref("AccessSubject"),
        "valid_from": DAY,
        "valid_to": NULL_DAY,
        "request": {"type": ["string", "null"]},
        "decided_by": nullable("Person"),
        "granted_by": nullable("Person"),
        "granted_at": STAMP,
        "revoked_at": NULL_STAMP,
        "revoke_reason": {"type": ["string", "null"]},
        "active": {"type": "boolean"},
    }
)
ACCESS_REVIEW_LINE = obj(
    {
        "grant": {"type": "integer"},
        "person": ref("AccessSubject"),
        "role": ref("Named"),
        "answer": {"type": ["string", "null"], "enum": [*(a.value for a in ReviewAnswer), None]},
        "note": {"type": "string"},
        "answered_by": nullable("Person"),
        "answered_at": NULL_STAMP,
    }
)
ACCESS_REVIEW = obj(
    {
        "id": {"type": "integer"},
        "service": ref("Named"),
        "state": enum(ReviewState),
        "reviewer": nullable("Person"),
        "opened_at": STAMP,
        "due_at": STAMP,
        "done_at": NULL_STAMP,
        "escalated_at": NULL_STAMP,
        "lines": {"type": "array", "items": ref("AccessReviewLine")},
    }
)

ACCESS_REQUEST_CREATE = obj(
    {
        "service": ID,
        "role": ID,
        "person": {**ID, "description": "The person's account; leave out for yourself."},
        "person_name": {"type": "string", "minLength": 1, "maxLength": 200},
        "person_email": {"type": "string", "minLength": 3, "maxLength": 254},
        "reason": REASON,
        "valid_from": DAY,
        "valid_to": NULL_DAY,
    },
    required=["service", "role", "reason", "valid_from"],
)
ACCESS_DECISION_CREATE = obj(
    {"decision": {"type": "string", "enum": ["approve", "reject"]}, "reason": REASON}
)
ACCESS_ANSWER_CREATE = obj(
    {
        "grant": ID,
        "answer": enum(ReviewAnswer),
        "note": {"type": "string", "maxLength": 2000},
    },
    required=["grant", "answer"],
)

ACCESS_SCHEMAS = {
    "AccessSubject": SUBJECT,
    "AccessDecision": ACCESS_DECISION,
    "AccessRequest": ACCESS_REQUEST,
    "AccessRequestPage": page_of("AccessRequest"),
    "AccessGrant": ACCESS_GRANT,
    "AccessGrantPage": page_of("AccessGrant"),
    "AccessReviewLine": ACCESS_REVIEW_LINE,
    "AccessReview": ACCESS_REVIEW,
    "AccessReviewPage": page_of("AccessReview"),
    "AccessRequestCreate": ACCESS_REQUEST_CREATE,
    "AccessDecisionCreate": ACCESS_DECISION_CREATE,
    "AccessAnswerCreate": ACCESS_ANSWER_CREATE,
}
