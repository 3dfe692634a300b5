"""`search(actor, query, kind=None, page=1)`: a reference opens one record, text lists
title matches grouped by kind, each group paged on its own."""

from __future__ import annotations

from dataclasses import dataclass, field

from servicedesk.domain import labels
from servicedesk.domain.search import matching
from servicedesk.domain.search.references import parse_any_reference
from servicedesk.domain.tickets.lists import Page
from servicedesk.models import User

KINDS = ("ticket", "change", "problem")
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


@dataclass
class KindResult(Page):
    """One kind's matches: a page of hits (`items`) and the kind's total."""

    kind: str = "ticket"


@dataclass
class SearchResult:
    query: str
    kind: str | None
    direct: Hit | None = None  # a reference the user may open: go straight there
    groups: list[KindResult] = field(default_factory=list)  # kinds with matches, in KINDS order

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def _hit(kind: str, record) -> Hit:
    if kind == "ticket":
        return Hit(
            kind,
            record.id,
            record.reference,
            record.title,
            record.status,
            labels.label(labels.STATUS, record.status),
            record.queue.name if record.queue is not None else None,
        )
    if kind == "change":
        state = labels.label(labels.CHANGE_STATE, record.state)
        return Hit(kind, record.id, record.reference, record.title, record.state, state)
    status = labels.label(labels.PROBLEM_STATUS, record.status)
    return Hit(kind, record.id, record.reference, record.title, record.status, status)


def search(
    actor: User, query: str, kind: str | None = None, page: int = 1, *, per_page: int = PER_PAGE
) -> SearchResult:
    """What `actor` may see that `query` names or whose title contains it.

    A reference (see `parse_any_reference`; a bare number is a ticket, or of `kind`) that
    names a record the actor may open gives `direct`; otherwise the text is matched against
    titles. With `kind`, only that kind is searched and `page` pages it; without, every kind
    is searched and each group shows its first page. Nothing the actor may not open is ever
    in a group or in a total."""
    text = " ".join((query or "").split())[:MAX_QUERY]
    kind = kind if kind in KINDS else None
    result = SearchResult(text, kind)
    if not text:
        return result
    ref = parse_any_reference(text, kind=kind)
    if ref is not None and (kind is None or ref.kind == kind):
        record = matching.by_id(actor, ref.kind, ref.id, ref.ticket_type)
        if record is not None:
            result.direct = _hit(ref.kind, record)
            result.groups = [KindResult([result.direct], 1, 1, per_page, kind=ref.kind)]
            return result
    page = max(1, page) if kind else 1
    for each in (kind,) if kind else KINDS:
        records, total = matching.matches(actor, each, text, (page - 1) * per_page, per_page)
        if total:
            hits = [_hit(each, record) for record in records]
            result.groups.append(KindResult(hits, total, page, per_page, kind=each))
    return result
