"""JSON Schemas of who the caller is and of the catalogue: units, queues, services, calendars."""

from __future__ import annotations

from servicedesk.api.spec import PERSON, enum, items_of, nullable, obj, ref
from servicedesk.models import Role

CATALOG_SCHEMAS = {
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
}
for _name in ("Unit", "Queue", "Service"):
    CATALOG_SCHEMAS[f"{_name}List"] = items_of(_name)
