"""Search: finding a ticket, change or problem from one box.

A reference in any common form (`302`, `inc-302`, `INC-000302`, `INC302`, `CHG-12`, `ÄND-12`,
`PRB-3`) names one record; other text matches titles. Every lookup and every count goes
through the permission layer's conditions, so a record the user may not open is neither
shown nor counted. `search()` is the one entry point: a later full-text search (PostgreSQL
tsvector, SQLite FTS5) replaces `matching.py` behind it.
"""

from __future__ import annotations

from servicedesk.domain.search.query import KINDS, Hit, KindResult, SearchResult, search
from servicedesk.domain.search.references import Reference, parse_any_reference

__all__ = [
    "KINDS",
    "Hit",
    "KindResult",
    "Reference",
    "SearchResult",
    "parse_any_reference",
    "search",
]
