"""The JSON of a search result: its groups of hits, or the one record a reference named."""

from __future__ import annotations

from servicedesk.domain.search import Hit, SearchResult


def hit_json(hit: Hit) -> dict:
    return {
        "kind": hit.kind,
        "id": hit.id,
        "reference": hit.reference,
        "title": hit.title,
        "status": hit.status,
        "status_label": hit.status_label,
        "queue": hit.queue,
        "snippet": str(hit.snippet) if hit.snippet is not None else None,
        "snippet_source": hit.snippet_source,
    }


def result_json(result: SearchResult) -> dict:
    return {
        "query": result.query,
        "kind": result.kind,
        "direct": hit_json(result.direct) if result.direct else None,
        "total": result.total,
        "more": result.more,
        "groups": [
            {
                "kind": group.kind,
                "total": group.total,
                "more": group.more,
                "page": group.page,
                "per_page": group.per_page,
                "pages": group.pages,
                "items": [hit_json(hit) for hit in group.items],
            }
            for group in result.groups
        ],
    }
