"""Search: finding a ticket, change or problem from one box.

A reference in any common form (`302`, `inc-302`, `INC-000302`, `INC302`, `CHG-12`, `ÄND-12`,
`PRB-3`) names one record; other text is looked up in the full-text index (`index.py` keeps it in
step, `matching.py` queries it: PostgreSQL tsvector/GIN, SQLite FTS5, Swedish stems from
`words.py`). Every lookup and every count goes through the permission layer's conditions,
so a record the user may not open is neither shown nor counted. `search()` is the one entry
point for the header box, the results page and the API; `kinds.py` says what each kind of
record gives the index (the place to add one).
"""

from __future__ import annotations

from servicedesk.domain.search.matching import Filters
from servicedesk.domain.search.query import (
    KINDS,
    MAX_QUERY,
    Hit,
    KindResult,
    SearchResult,
    search,
    status_choices,
    status_values,
)
from servicedesk.domain.search.references import Reference, parse_any_reference

__all__ = [
    "KINDS",
    "MAX_QUERY",
    "Filters",
    "Hit",
    "KindResult",
    "Reference",
    "SearchResult",
    "parse_any_reference",
    "search",
    "status_choices",
    "status_values",
]
