"""What each kind of record gives the search index, and how its hits are filtered.

A kind is one `SearchKind` in `KINDS` (registered with `register`). Adding one (say the
knowledge base's `article`) takes a `SearchKind` with:

- `model`: the ORM class; its `id` is the document's `object_id`;
- `documents(connection, ids)`: the `Document` text of these records, read with Core
  selects on the given connection (it runs inside a flush, and in `flask search reindex`);
- `owners(obj)`: for an ORM object that was written (the record itself, or a row whose
  text belongs to it, such as a comment), the id of the record to index again, else None;
- `visibility(user)`: the permission layer's SQL condition on `model` (domain/permissions.py);
- `staff_visibility(user)`: the condition under which `staff_body` may match (the records
  the user may work as staff); `false()` for kinds without staff-only text;
- `narrow_scope(user)` (optional): a select of every id the user may see when that set is
  small (an employee's own tickets), so the search starts from it;
- `status_column`, `statuses` (the filter's values), `status_labels` (their names, a
  domain/labels.py mapping) and `service_condition(service_id)`;
- `hit(record)`: the `Hit` fields shown for one record (reference, title, status label…).

The index is written by domain/search/index.py in the same transaction as the record
(after each flush), so a search never sees text that was rolled back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, false, select

from servicedesk.domain import labels
from servicedesk.domain.permissions import (
    agent_visibility,
    article_visibility,
    change_visibility,
    narrow_ticket_scope,
    problem_visibility,
    ticket_visibility,
)
from servicedesk.models import (
    Article,
    ArticleState,
    Change,
    ChangeService,
    ChangeState,
    Comment,
    Problem,
    ProblemStatus,
    ProblemTicket,
    Status,
    Ticket,
)
from servicedesk.models.change import format_change_reference
from servicedesk.models.kb import format_article_reference
from servicedesk.models.problem import format_problem_reference
from servicedesk.models.ticket import format_reference


@dataclass(frozen=True)
class Document:
    """The searchable text of one record."""

    object_id: int
    reference: str
    title: str
    body: str = ""
    replies: str = ""  # public answers the requester reads
    staff_body: str = ""  # staff only (internal notes)


@dataclass(frozen=True)
class HitFields:
    reference: str
    title: str
    status: str
    status_label: str
    queue: str | None = None


@dataclass(frozen=True)
class SearchKind:
    name: str
    model: type
    documents: Callable[[object, Sequence[int]], Iterable[Document]]
    owners: Callable[[object], int | None]
    visibility: Callable[[object], ColumnElement[bool]]
    status_column: object
    statuses: tuple[str, ...]
    service_condition: Callable[[int], ColumnElement[bool]]
    hit: Callable[[object], HitFields]
    status_labels: dict = field(default_factory=dict)  # status -> its translated name
    staff_visibility: Callable[[object], ColumnElement[bool]] = lambda user: false()
    # a select of every id the user may see when that set is small (else None): the search
    # then starts from it rather than from every match (domain/permissions.py)
    narrow_scope: Callable[[object], object] = lambda user: None
    watches: tuple[type, ...] = field(default=())  # ORM classes `owners` understands


KINDS: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> SearchKind:
    KINDS[kind.name] = kind
    return kind


def _joined(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


# --- tickets --------------------------------------------------------------------------


def _ticket_documents(conn, ids: Sequence[int]) -> list[Document]:
    public, staff = defaultdict(list), defaultdict(list)
    comments = conn.execute(
        select(Comment.ticket_id, Comment.body, Comment.internal)
        .where(Comment.ticket_id.in_(ids))
        .order_by(Comment.ticket_id, Comment.created_at, Comment.id)
    )
    for ticket_id, body, internal in comments:
        (staff if internal else public)[ticket_id].append(body or "")
    rows = conn.execute(
        select(Ticket.id, Ticket.type, Ticket.title, Ticket.description, Ticket.solution).where(
            Ticket.id.in_(ids)
        )
    )
    return [
        Document(
            id,
            format_reference(type_, id),
            title or "",
            description or "",
            _joined(solution or "", *public[id]),
            _joined(*staff[id]),
        )
        for id, type_, title, description, solution in rows
    ]


def _ticket_owner(obj) -> int | None:
    if isinstance(obj, Ticket):
        return obj.id
    if isinstance(obj, Comment):
        return obj.ticket_id
    return None


def _ticket_hit(ticket: Ticket) -> HitFields:
    return HitFields(
        ticket.reference,
        ticket.title,
        ticket.status,
        labels.label(labels.STATUS, ticket.status),
        ticket.queue.name if ticket.queue is not None else None,
    )


register(
    SearchKind(
        name="ticket",
        model=Ticket,
        documents=_ticket_documents,
        owners=_ticket_owner,
        watches=(Ticket, Comment),
        visibility=ticket_visibility,
        staff_visibility=agent_visibility,
        narrow_scope=narrow_ticket_scope,
        status_column=Ticket.status,
        statuses=tuple(s.value for s in Status),
        status_labels=labels.STATUS,
        service_condition=lambda service_id: Ticket.service_id == service_id,
        hit=_ticket_hit,
    )
)

# --- changes --------------------------------------------------------------------------


def _plain_documents(model, reference: Callable[[int], str], *texts):
    """`documents` of a kind whose record is one row: its title, and these text columns
    joined as the body."""

    def documents(conn, ids: Sequence[int]) -> list[Document]:
        rows = conn.execute(select(model.id, model.title, *texts).where(model.id.in_(ids)))
        return [
            Document(id, reference(id), title or "", _joined(*(t or "" for t in rest)))
            for id, title, *rest in rows
        ]

    return documents


_change_documents = _plain_documents(
    Change,
    format_change_reference,
    Change.description,
    Change.reason,
    Change.expected_benefit,
    Change.implementation_plan,
    Change.risk_text,
    Change.consequence,
)


def _change_hit(change: Change) -> HitFields:
    state = labels.label(labels.CHANGE_STATE, change.state)
    return HitFields(change.reference, change.title, change.state, state)


register(
    SearchKind(
        name="change",
        model=Change,
        documents=_change_documents,
        owners=lambda obj: obj.id if isinstance(obj, Change) else None,
        watches=(Change,),
        visibility=change_visibility,
        status_column=Change.state,
        statuses=tuple(s.value for s in ChangeState),
        status_labels=labels.CHANGE_STATE,
        service_condition=lambda service_id: Change.id.in_(
            select(ChangeService.change_id).where(ChangeService.service_id == service_id)
        ),
        hit=_change_hit,
    )
)

# --- problems -------------------------------------------------------------------------


_problem_documents = _plain_documents(
    Problem,
    format_problem_reference,
    Problem.description,
    Problem.root_cause,
    Problem.workaround,
)


def _problem_hit(problem: Problem) -> HitFields:
    status = labels.label(labels.PROBLEM_STATUS, problem.status)
    return HitFields(problem.reference, problem.title, problem.status, status)


register(
    SearchKind(
        name="problem",
        model=Problem,
        documents=_problem_documents,
        owners=lambda obj: obj.id if isinstance(obj, Problem) else None,
        watches=(Problem,),
        visibility=problem_visibility,
        status_column=Problem.status,
        statuses=tuple(s.value for s in ProblemStatus),
        status_labels=labels.PROBLEM_STATUS,
        # a problem is of the services of the incidents linked to it
        service_condition=lambda service_id: Problem.id.in_(
            select(ProblemTicket.problem_id)
            .join(Ticket, Ticket.id == ProblemTicket.ticket_id)
            .where(Ticket.service_id == service_id)
        ),
        hit=_problem_hit,
    )
)

# --- knowledge base articles ---------------------------------------------------------


def _article_documents(conn, ids: Sequence[int]) -> list[Document]:
    """Both languages' text: a reader finds the article by words of either."""
    rows = conn.execute(
        select(
            Article.id, Article.title_sv, Article.title_en, Article.body_sv, Article.body_en
        ).where(Article.id.in_(ids))
    )
    return [
        Document(
            id,
            format_article_reference(id),
            _joined(title_sv, title_en or ""),
            _joined(body_sv or "", body_en or ""),
        )
        for id, title_sv, title_en, body_sv, body_en in rows
    ]


def _article_hit(article: Article) -> HitFields:
    state = labels.label(labels.ARTICLE_STATE, article.state)
    return HitFields(format_article_reference(article.id), article.title_sv, article.state, state)


register(
    SearchKind(
        name="article",
        model=Article,
        documents=_article_documents,
        owners=lambda obj: obj.id if isinstance(obj, Article) else None,
        watches=(Article,),
        visibility=article_visibility,  # drafts only for their writers (domain/permissions.py)
        status_column=Article.state,
        statuses=tuple(s.value for s in ArticleState),
        status_labels=labels.ARTICLE_STATE,
        service_condition=lambda service_id: Article.service_id == service_id,
        hit=_article_hit,
    )
)
