"""JSON Schemas of authorities, the register, legal holds and the thinning log."""

from __future__ import annotations

from servicedesk.api.spec import NULL_STAMP, STAMP, enum, items_of, obj, ref
from servicedesk.models.records import AuthorityKind, HoldTarget

TEXT = {"type": "string"}
NULL_TEXT = {"type": ["string", "null"]}
DAY = {"type": "string", "format": "date"}

RECORDS_SCHEMAS = {
    "Authority": obj(
        {
            "id": {"type": "integer"},
            "name": TEXT,
            "short_name": TEXT,
            "kind": enum(AuthorityKind),
            "archive_code": TEXT,
            "active": {"type": "boolean"},
            "units": {"type": "array", "items": ref("Named")},
        }
    ),
    "AuthorityList": items_of("Authority"),
    "RegisterRow": obj(
        {
            "kind": {"type": "string", "enum": ["ticket", "change", "problem"]},
            "reference": TEXT,
            "received_at": STAMP,
            "sender": {**TEXT, "description": "Empty for a record covered by secrecy."},
            "subject": {
                **TEXT,
                "description": "A neutral subject for a record covered by secrecy.",
            },
            "status": TEXT,
            "secrecy": {
                "type": "array",
                "items": TEXT,
                "description": "The OSL provisions of standing marks, e.g. “OSL 26:1”.",
            },
        }
    ),
    "RegisterPage": obj(
        {
            "items": {"type": "array", "items": ref("RegisterRow")},
            "next": {
                "type": ["string", "null"],
                "description": "Pass as `after` for the next page; null on the last.",
            },
        }
    ),
    "LegalHold": obj(
        {
            "id": {"type": "integer"},
            "target": enum(HoldTarget),
            "on": {**TEXT, "description": "A reference, a service or an e-mail address."},
            "reason": TEXT,
            "until": {"type": ["string", "null"], "format": "date"},
            "placed_at": STAMP,
            "lifted_at": NULL_STAMP,
            "lift_reason": NULL_TEXT,
        }
    ),
    "LegalHoldList": items_of("LegalHold"),
    "LegalHoldCreate": obj(
        {
            "target": enum(HoldTarget),
            "reference": {**TEXT, "maxLength": 30, "description": "The ticket (target ticket)."},
            "service": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
            "person": {**TEXT, "maxLength": 254, "description": "An e-mail address."},
            "reason": {**TEXT, "minLength": 1, "maxLength": 2000},
            "until": {**DAY, "description": "The last day it holds; none: until lifted."},
        },
        required=["target", "reason"],
    ),
    "LegalHoldLift": obj({"reason": {**TEXT, "minLength": 1, "maxLength": 2000}}),
    "ThinningLogEntry": obj(
        {
            "id": {"type": "integer"},
            "at": STAMP,
            "run": TEXT,
            "authority": TEXT,
            "record_kind": TEXT,
            "years": {"type": "integer"},
            "decision_ref": TEXT,
            "count": {"type": "integer"},
            "references": {"type": "array", "items": TEXT},
        }
    ),
    "ThinningLog": items_of("ThinningLogEntry"),
}
