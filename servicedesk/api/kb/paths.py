"""The OpenAPI paths of knowledge base articles."""

from __future__ import annotations

from servicedesk.api.kb.routes import STATES
from servicedesk.api.spec import INT, answers, body, param, ref

WRITE = ("400", "403", "404", "409", "413", "415", "422")


def kb_paths() -> dict:
    item = "/articles/{article_id}"
    article_id = {
        **param(
            "article_id",
            {"type": "string", "pattern": "^(KB-)?[0-9]{1,10}$", "maxLength": 13},
            "path",
            "The article's id or reference, e.g. 12 or KB-00012",
        ),
        "example": "1",
    }
    return {
        "/articles": {
            "get": {
                "summary": "List or search the articles the caller may read",
                "description": (
                    "Employees read published articles for employees; staff every published "
                    "one and the drafts and archived articles they may write. With `q` the "
                    "matches (Swedish stemming; half the meaningful words needed), best "
                    "first, paged like every list: `page`, `per_page`, `total`, `pages`."
                ),
                "parameters": [
                    param("q", {"type": "string", "maxLength": 200}, description="Words."),
                    param("service", INT),
                    param("state", {"type": "string", "enum": sorted(STATES)}),
                    param("page", {"type": "integer", "minimum": 1, "maximum": 100_000}),
                    param("per_page", {"type": "integer", "minimum": 1, "maximum": 100}),
                ],
                "responses": answers("200", "ArticlePage", "422"),
            },
            "post": {
                "summary": "Write a new article, in draft (agents of the service's queue, admins)",
                "requestBody": {"required": True, **body(ref("ArticleCreate"))},
                "responses": answers("201", "Article", "400", "403", "413", "415", "422"),
            },
        },
        item: {
            "parameters": [article_id],
            "get": {
                "summary": "One article the caller may read",
                "responses": answers("200", "Article", "404"),
            },
            "patch": {
                "summary": "Edit an article (a new version when its text changes) or its state",
                "requestBody": {"required": True, **body(ref("ArticleUpdate"))},
                "responses": answers("200", "Article", *WRITE),
            },
        },
    }
