"""JSON Schemas of knowledge base articles (gathered into api/components.py)."""

from __future__ import annotations

from servicedesk.api.spec import NULL_STAMP, STAMP, enum, nullable, obj, ref
from servicedesk.domain.kb.articles import BODY_MAX, TITLE_MAX
from servicedesk.models import ArticleState, Audience

MAX_INT = 2**31 - 1
NULL_ID = {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_INT}
DAY = {"type": ["string", "null"], "format": "date", "maxLength": 10}
BODY = {"type": "string", "maxLength": BODY_MAX}
TITLE = {"type": "string", "maxLength": TITLE_MAX}

ARTICLE = obj(
    {
        "id": {"type": "integer"},
        "reference": {"type": "string", "pattern": "^KB-[0-9]{5,}$"},
        "state": enum(ArticleState),
        "audience": enum(Audience),
        "service": nullable("Named"),
        "title_sv": {"type": "string"},
        "body_sv": {"type": "string", "description": "Markdown."},
        "body_sv_html": {"type": "string", "description": "The Swedish text, sanitised HTML."},
        "title_en": {"type": "string"},
        "body_en": {"type": "string"},
        "owner": nullable("Person"),
        "review_on": {"type": ["string", "null"], "format": "date"},
        "created_at": STAMP,
        "updated_at": STAMP,
        "published_at": NULL_STAMP,
        "version": {"type": "integer"},
        "url": {"type": "string", "description": "The article's page."},
    }
)
EDITABLE = {
    "title_sv": {**TITLE, "description": "Required, not blank."},
    "body_sv": BODY,
    "title_en": TITLE,
    "body_en": {**BODY, "description": "Needs `title_en`."},
    "service_id": {**NULL_ID, "description": "null: a general article."},
    "audience": enum(Audience),
    "owner_id": {**NULL_ID, "description": "An active agent or admin; default the caller."},
    "review_on": {**DAY, "description": "YYYY-MM-DD, today or later; the owner is reminded."},
}
KB_SCHEMAS = {
    "Article": ARTICLE,
    "ArticlePage": obj(
        {
            "items": {"type": "array", "items": ref("Article")},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
        }
    ),
    "ArticleCreate": obj(EDITABLE, required=["title_sv"]),
    "ArticleUpdate": {
        **obj(
            {
                **EDITABLE,
                "state": {
                    **enum(ArticleState),
                    "description": "Publish, archive or back to draft.",
                },
                "version": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_INT,
                    "description": "The version you read; a stale one gives 409.",
                },
            },
            required=[],
        ),
        "minProperties": 1,
    },
}
