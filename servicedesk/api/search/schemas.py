"""JSON Schemas of the search answer (gathered into api/components.py)."""

from __future__ import annotations

from servicedesk.api.spec import obj, ref
from servicedesk.domain.search import KINDS
from servicedesk.domain.search.matching import CANDIDATES, COUNT_CAP

KIND = {"type": "string", "enum": list(KINDS)}
NULL_TEXT = {"type": ["string", "null"]}

SEARCH_SCHEMAS = {
    "SearchHit": obj(
        {
            "kind": KIND,
            "id": {"type": "integer", "minimum": 1},
            "reference": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "string"},
            "status_label": {"type": "string"},
            "queue": {**NULL_TEXT, "description": "Tickets: the queue holding it."},
            "snippet": {
                **NULL_TEXT,
                "description": "HTML: the passage around the match, escaped, the matching "
                "words in <mark>.",
            },
            "snippet_source": {
                "type": ["string", "null"],
                "enum": ["body", "replies", "staff_body", None],
                "description": "Where the passage is from; staff_body = internal notes.",
            },
        }
    ),
    "SearchGroup": obj(
        {
            "kind": KIND,
            "total": {"type": "integer", "minimum": 0, "maximum": COUNT_CAP},
            "more": {
                "type": "boolean",
                "description": f"More matches than `total`: counting stops at {COUNT_CAP}, "
                f"and the newest {CANDIDATES} are the ones ranked.",
            },
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "items": {"type": "array", "items": ref("SearchHit")},
        }
    ),
    "SearchResult": obj(
        {
            "query": {"type": "string"},
            "kind": {"type": ["string", "null"], "enum": [*KINDS, None]},
            "direct": {
                "oneOf": [ref("SearchHit"), {"type": "null"}],
                "description": "The record a reference or bare number named, when the "
                "caller may open it.",
            },
            "total": {"type": "integer", "minimum": 0},
            "more": {"type": "boolean", "description": "Some group has `more`."},
            "groups": {"type": "array", "items": ref("SearchGroup")},
        }
    ),
}
