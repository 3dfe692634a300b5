"""`search(actor, query, kind=None, page=1, filters)`: a reference opens one record, other
text lists the full-text matches grouped by kind (best first, with a marked snippet), each
group paged on its own."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from servicedesk.domain import labels
from servicedesk.domain.search import matching
from servicedesk.domain.search.kinds import KINDS as SEARCH_KINDS
from servicedesk.domain.search.matching import Filters, Match
from servicedesk.domain.search.references import parse_any_reference
from servicedesk.domain.search.snippets import snippet
from servicedesk.domain.search.words import query_terms
from servicedesk.domain.tickets.lists import Page
from servicedesk.models import User

KINDS = tuple(SEARCH_KINDS)
PER_PAGE = 20
MAX_QUERY = 200


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    reference: str
    title: str
    status: str
    status_label: str
    queue: str | None = None  # tickets only
    snippet: Markup | None = None  # the passage around the match, words marked
    snippet_source: str | None = None  # title, body, replies or staff_body (internal notes)


@dataclass
class KindResult(Page):
    """One kind's matches: a page of hits (`items`) and the kind's total; `more` when
    there are more than that (the count stops at `matching.COUNT_CAP`)."""

    kind: str = "ticket"
    more: bool = False


@dataclass
class SearchResult:
    query: str
    kind: str | None
    filters: Filters = field(default_factory=Filters)
    direct: Hit | None = None  # a reference the user may open: go straight there
    groups: list[KindResult] = field(default_factory=list)  # kinds with matches, in KINDS order

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def more(self) -> bool:
        """Some kind has more matches than its total says."""
        return any(group.more for group in self.groups)


def status_values() -> set[str]:
    """Every value the status filter takes: the statuses of all kinds together."""
    return {status for kind in SEARCH_KINDS.values() for status in kind.statuses}


def status_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The status filter's options grouped by kind, each value once (a ticket's `open` is
    also a problem's): [(kind, [(value, name), …]), …]."""
    seen: set[str] = set()
    groups = []
    for name, kind in SEARCH_KINDS.items():
        options = [(v, labels.label(kind.status_labels, v)) for v in kind.statuses if v not in seen]
        seen.update(kind.statuses)
        if options:
            groups.append((name, options))
    return groups


def _hit(kind: str, record, match: Match | None = None, stems: list[str] = ()) -> Hit:
    fields = SEARCH_KINDS[kind].hit(record)
    passage = None
    if match is not None:
        doc = match.document
        texts = [("body", doc.body), ("replies", doc.replies)]
        if match.notes:
            texts.append(("staff_body", doc.staff_body))
        passage = snippet(texts, list(stems))
    return Hit(
        kind,
        record.id,
        fields.reference,
        fields.title,
        fields.status,
        fields.status_label,
        fields.queue,
        passage.html if passage else None,
        passage.source if passage else None,
    )


def search(
    actor: User,
    query: str,
    kind: str | None = None,
    page: int = 1,
    *,
    per_page: int = PER_PAGE,
    filters: Filters | None = None,
) -> SearchResult:
    """What `actor` may see that `query` names or whose text matches it.

    A reference (see `parse_any_reference`; a bare number is a ticket, or of `kind`) that
    names a record the actor may open gives `direct`; otherwise every word of the text must
    match (Swedish stems, the last letters free: "schemat" finds "schema" and "scheman") in
    the reference, title, description or public replies, or, for staff who may work the
    record, its internal notes. With `kind`, only that kind is searched and `page` pages it;
    without, every kind is searched and each group shows its first page. A kind's total
    stops at `COUNT_CAP` (`more` says there are more), and the newest `CANDIDATES` matches
    are the ones ranked (see `matching.matches`). Nothing the actor
    may not open is ever in a group or in a total. Any text is accepted: operators, quotes
    and brackets are read as words or separators."""
    text = " ".join((query or "").split())[:MAX_QUERY]
    kind = kind if kind in KINDS else None
    filters = filters or Filters()
    result = SearchResult(text, kind, filters)
    if not text:
        return result
    ref = parse_any_reference(text, kind=kind)
    if ref is not None and (kind is None or ref.kind == kind):
        record = matching.by_id(actor, ref.kind, ref.id, ref.ticket_type)
        if record is not None:
            result.direct = _hit(ref.kind, record)
            result.groups = [KindResult([result.direct], 1, 1, per_page, kind=ref.kind)]
            return result
    terms = query_terms(text)
    stems = [t for _, t in terms]
    page = max(1, page) if kind else 1
    for each in (kind,) if kind else KINDS:
        found, total = matching.matches(
            actor, each, terms, filters, (page - 1) * per_page, per_page
        )
        if total:
            hits = [_hit(each, m.record, m, stems) for m in found]
            more = total > matching.COUNT_CAP
            total = min(total, matching.COUNT_CAP)
            result.groups.append(KindResult(hits, total, page, per_page, kind=each, more=more))
    return result
