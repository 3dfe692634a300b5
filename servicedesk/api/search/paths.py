"""The OpenAPI path of the search."""

from __future__ import annotations

from servicedesk.api.spec import INT, answers, param
from servicedesk.domain.search import KINDS, MAX_QUERY, status_values


def search_paths() -> dict:
    return {
        "/search": {
            "get": {
                "summary": "Search tickets, changes and problems the caller may open",
                "description": (
                    "Every word must match (Swedish stems; a word's end is free) in the "
                    "reference, title, description or public replies, or, for staff who work "
                    "the case, its internal notes. A reference (`302`, `inc-302`, "
                    "`CHG-000012`) the caller may open gives `direct`. Quotes, `*`, `-`, "
                    "`OR`, `NEAR` and brackets are read as words. Groups per kind, best "
                    "first; `page` pages the one `kind` asked for."
                ),
                "parameters": [
                    param(
                        "q",
                        {"type": "string"},
                        description=f"The words; only the first {MAX_QUERY} characters count.",
                    ),
                    param("kind", {"type": "string", "enum": list(KINDS)}),
                    param("service", INT, description="Only records of this service."),
                    param(
                        "status",
                        {"type": "string", "enum": sorted(status_values())},
                        description="A ticket status, change state or problem status.",
                    ),
                    param("page", {"type": "integer", "minimum": 1, "maximum": 100_000}),
                    param("per_page", {"type": "integer", "minimum": 1, "maximum": 100}),
                ],
                "responses": answers("200", "SearchResult", "422"),
            }
        }
    }
