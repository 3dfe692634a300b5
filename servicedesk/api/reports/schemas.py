"""JSON Schema of GET /reports/sla: the figures of the reports page (docs/reports.md)."""

from __future__ import annotations

from servicedesk.api.spec import STAMP, obj
from servicedesk.domain.reports.dimensions import DIMENSIONS

COUNT = {"type": "integer", "minimum": 0}
SHARE = {"type": ["number", "null"], "description": "Null when there is nothing to count."}
MINUTES = {"type": ["number", "null"], "description": "Business minutes."}
KEY = {"type": ["integer", "string", "null"], "description": "Id or value of the grouping."}
LABEL = {"type": "string"}


def rows(properties: dict) -> dict:
    return {"type": "array", "items": obj(properties)}


COMPLIANCE = rows(
    {
        "key": KEY,
        "label": LABEL,
        **{n: COUNT for n in ("fr_total", "fr_met", "res_total", "res_met")},
        "breaches": COUNT,
        "warnings": COUNT,
        "fr_share": SHARE,
        "res_share": SHARE,
    }
)
TIMES = {
    "key": KEY,
    "label": LABEL,
    "fr_count": COUNT,
    "fr_p50": MINUTES,
    "fr_p90": MINUTES,
    "res_count": COUNT,
    "res_p50": MINUTES,
    "res_p90": MINUTES,
}
RATE = rows(
    {
        "key": KEY,
        "label": LABEL,
        "total": COUNT,
        "part": COUNT,
        "score": {"type": ["number", "null"]},
        "share": SHARE,
    }
)
OLA = rows(
    {"key": KEY, "label": LABEL, "total": COUNT, "met": COUNT, "breached": COUNT, "share": SHARE}
)

REPORT_SCHEMAS = {
    "SlaReport": obj(
        {
            "period": obj(
                {
                    "from": {**STAMP, "description": "Local midnight of the first day, in UTC."},
                    "to": {**STAMP, "description": "Exclusive: midnight after the last day."},
                }
            ),
            "compliance": obj({name: COMPLIANCE for name in DIMENSIONS}),
            "business_minutes": obj(
                {
                    "overall": {"oneOf": [obj(TIMES), {"type": "null"}]},
                    "by_service": rows(TIMES),
                }
            ),
            "backlog": rows(
                {
                    "key": KEY,
                    "label": LABEL,
                    "buckets": {"type": "object", "additionalProperties": COUNT},
                    "total": COUNT,
                }
            ),
            "weeks": rows({"start": STAMP, "incoming": COUNT, "resolved": COUNT}),
            "reopen_rate": RATE,
            "satisfaction": RATE,
            "ola": obj({"by_queue": OLA, "by_unit": OLA}),
            "trend": rows(
                {
                    "month": {"type": "string", "format": "date"},
                    **{n: COUNT for n in ("fr_total", "fr_met", "res_total", "res_met")},
                    **{n: COUNT for n in ("breaches", "incoming", "resolved")},
                    "fr_share": SHARE,
                    "res_share": SHARE,
                }
            ),
        }
    )
}
