"""Full-text matches per kind of record, behind the permission layer's conditions.

One query per kind joins the index (`search_document`, and on SQLite the FTS5 table) to
the kind's own table and applies, in SQL, the match, the kind's visibility rule
(domain/permissions.py) and the filters, so what a user may not open is never ranked,
returned or counted. Internal notes (`staff_body`) match only where the user may work the
record as staff (`SearchKind.staff_visibility`).

PostgreSQL: `tsv @@ to_tsquery('swedish', …)` on the GIN-indexed stored tsvectors, ranked
by `ts_rank` (title A, body B, replies C). SQLite: `search_fts MATCH …` ranked by `bm25`
with the same column order. Every word is quoted, so nothing typed is an operator.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    column,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
    true,
)
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import False_

from servicedesk.domain.search.kinds import KINDS, SearchKind
from servicedesk.domain.search.words import fts_query, matches_term, tsquery_text
from servicedesk.infra.extensions import db
from servicedesk.models import SearchDocument, Ticket, User
from servicedesk.models.search import FTS_TABLE

PUBLIC_COLUMNS = "{title body replies}"
# bm25 weights of title, body, replies, staff_body; ts_rank's A-D weights mirror them.
BM25_WEIGHTS = (10.0, 4.0, 2.0, 1.0)
STAFF_RANK = 0.2
COUNT_CAP = 1000  # totals are exact up to this; beyond, "more than 1,000"
CANDIDATES = 1000  # ranked: the newest this many matches the user may open (one window
# for every page, so pages never overlap; as many as the count shows, so each is reachable)

_FTS_FIELDS = ("title", "body", "replies", "staff_body")
_fts = table(FTS_TABLE, column("rowid"), *(column(name) for name in _FTS_FIELDS))
_TYPICAL_WORDS = 30  # a field's length BM25 normalises against (stems of a ticket's text)


@dataclass(frozen=True)
class Filters:
    service_id: int | None = None
    status: str | None = None


@dataclass(frozen=True)
class Match:
    record: object
    document: SearchDocument
    notes: bool  # may the user read this record's staff-only text


def _staff_condition(source: SearchKind, actor: User) -> ColumnElement[bool] | None:
    condition = source.staff_visibility(actor)
    return None if isinstance(condition, False_) else condition


def _postgres_statement(source: SearchKind, terms, staff_ok, record_conditions, outer):
    """PostgreSQL: the GIN index finds the documents, and each one's record is looked up by
    its key in a LATERAL subquery (visibility, filters, may-read-notes) — a nested loop
    whatever the planner estimates, so a search never scans the records' table."""
    query = func.to_tsquery(literal_column("'swedish'::regconfig"), tsquery_text(terms))
    tsv = literal_column(f"{SearchDocument.__tablename__}.tsv")
    public = tsv.op("@@")(query)
    model = source.model
    record = [model.id == SearchDocument.object_id, *record_conditions]
    if staff_ok is None:
        outer_match, notes = public, false()
    else:
        staff_tsv = literal_column(f"{SearchDocument.__tablename__}.staff_tsv")
        outer_match = or_(public, staff_tsv.op("@@")(query))
        record.append(or_(public, staff_ok))  # a match in the notes counts where they may
        notes = staff_ok
    visible = select(notes.label("notes")).where(*record).limit(1).lateral("visible")
    rank = func.ts_rank(tsv, query)
    if staff_ok is not None:
        staff_tsv = literal_column(f"{SearchDocument.__tablename__}.staff_tsv")
        rank = rank + case(
            (visible.c.notes, func.ts_rank(staff_tsv, query) * STAFF_RANK), else_=0.0
        )
    columns = (
        SearchDocument.id.label("doc_id"),
        SearchDocument.object_id.label("object_id"),
        rank.label("rank"),
        visible.c.notes.label("notes"),
    )
    stmt = (
        select(*columns)
        .select_from(SearchDocument)
        .join(visible, true())
        .where(SearchDocument.kind == source.name, outer_match, *outer)
    )
    return stmt, SearchDocument.id


def _sqlite(kind: str, terms, staff_ok):
    public_q = fts_query(terms, PUBLIC_COLUMNS)
    of_kind = f'{{kind}} : "{kind}" AND '  # FTS5 skips to this kind's documents
    if staff_ok is None:
        return literal_column(FTS_TABLE).op("MATCH")(f"{of_kind}({public_q})")
    every = f"{of_kind}(({public_q}) OR ({fts_query(terms, 'staff_body')}))"
    # the public text matched, or the notes did and the user may read them; the public
    # text is asked for this one row only (FTS5 seeks the rowid), and only when needed
    here = table(FTS_TABLE, column("rowid"), column(FTS_TABLE)).alias("fts_public")
    public_here = (
        select(literal_column("1"))
        .select_from(here)
        .where(here.c[FTS_TABLE].op("MATCH")(public_q), here.c.rowid == SearchDocument.id)
        .exists()
    )
    return and_(literal_column(FTS_TABLE).op("MATCH")(every), or_(staff_ok, public_here))


def rank_stems(row, stems: list[str]) -> float:
    """SQLite's rank of one candidate from its indexed stems: per query stem and field, a
    saturating count of the words it matches (BM25's term part, k1 = 1.2, each field's
    length against `_TYPICAL_WORDS`), weighted title 10, body 4, replies 2 and the
    internal notes, where the user may read them, 1 × `STAFF_RANK`. No inverse document
    frequency: every candidate has every word, so it would only weigh the words against
    each other, and computing it is a pass over every match of a common word (what made
    `bm25` cost 20 ms a word at 465,000 cases)."""
    fields = [(row.fts_title, BM25_WEIGHTS[0]), (row.fts_body, BM25_WEIGHTS[1])]
    fields.append((row.fts_replies, BM25_WEIGHTS[2]))
    if row.notes:
        fields.append((row.fts_staff_body, BM25_WEIGHTS[3] * STAFF_RANK))
    score = 0.0
    for text_, weight in fields:
        field_words = (text_ or "").split()
        if not field_words:
            continue
        norm = 1.2 * (0.25 + 0.75 * len(field_words) / _TYPICAL_WORDS)
        for t in stems:
            tf = sum(1 for w in field_words if matches_term(w, [t]))
            if tf:
                score += weight * tf * 2.2 / (tf + norm)
    return score


def _statement(actor: User, kind: str, terms, filters: Filters):
    """The matching documents of `kind` the actor may open, as (id, object_id, rank, notes)
    rows, and the column the newest come first by."""
    source = KINDS[kind]
    model = source.model
    staff_ok = _staff_condition(source, actor)
    scope = source.narrow_scope(actor)
    record = [source.visibility(actor)]
    if filters.status is not None:
        record.append(source.status_column == filters.status)
    if filters.service_id is not None:
        record.append(source.service_condition(filters.service_id))
    if db.session.get_bind().dialect.name != "sqlite":
        # `= ANY(ARRAY(…))`: the few ids are read first and looked up one by one in the
        # (kind, object_id) index, whatever the planner would estimate for an IN
        outer = []
        if scope is not None:
            ids = func.array(scope.scalar_subquery())
            outer.append(SearchDocument.object_id == func.any(ids))
        return _postgres_statement(source, terms, staff_ok, record, outer)
    match, newest = _sqlite(kind, terms, staff_ok), _fts.c.rowid
    conditions = [SearchDocument.kind == kind, match, *record]
    if scope is not None:
        # the user's few documents as a set each streamed match is checked against before
        # any join (`+ 0`: a set to look in, not rowids for FTS5 to seek one by one)
        mine = select(SearchDocument.id).where(
            SearchDocument.kind == kind, SearchDocument.object_id.in_(scope)
        )
        conditions.append((_fts.c.rowid + 0).in_(mine))
    notes = staff_ok if staff_ok is not None else false()
    columns = (
        SearchDocument.id.label("doc_id"),
        SearchDocument.object_id.label("object_id"),
        notes.label("notes"),
        *(_fts.c[name].label(f"fts_{name}") for name in _FTS_FIELDS),
    )
    stmt = (
        select(*columns)
        .select_from(SearchDocument)
        .join(_fts, _fts.c.rowid == SearchDocument.id)
        .join(model, model.id == SearchDocument.object_id)
        .where(*conditions)
    )
    return stmt, newest


def applies(kind: str, filters: Filters) -> bool:
    """Can a record of `kind` pass the filters at all (a status is of some kinds only)?"""
    return filters.status is None or filters.status in KINDS[kind].statuses


def matches(
    actor: User, kind: str, terms, filters: Filters, offset: int, limit: int
) -> tuple[list[Match], int]:
    """The records of `kind` matching every term that `actor` may see: one page of them,
    best first, and how many there are in all, counted up to `COUNT_CAP` + 1 (more is
    "more than COUNT_CAP").

    Ranked are the newest `CANDIDATES` matches the actor may open (all of them for any
    query that matches fewer): a word in half the desk's cases is not ranked over every
    one of them, so a search costs about the same at a million cases as at ten thousand."""
    if not terms or not applies(kind, filters) or offset >= min(COUNT_CAP, CANDIDATES):
        return [], 0
    stmt, newest = _statement(actor, kind, terms, filters)
    # One walk of the matches newest first, stopped after the count's cap: it gives the
    # (capped) total and the candidates to rank, whatever the number of matches.
    rows = db.session.execute(
        stmt.order_by(newest.desc()).limit(max(COUNT_CAP, CANDIDATES) + 1)
    ).all()
    total = min(len(rows), COUNT_CAP + 1)
    if not total or limit <= 0:
        return [], total
    window = rows[:CANDIDATES]
    if "rank" in window[0]._fields:  # PostgreSQL ranked them in the statement
        ranks = [row.rank for row in window]
    else:
        stems = [t for _, t in terms]
        ranks = [rank_stems(row, stems) for row in window]
    order = sorted(range(len(window)), key=lambda i: (-ranks[i], -window[i].object_id))
    best = [window[i] for i in order[offset : offset + limit]]
    if not best:
        return [], total
    model = KINDS[kind].model
    load = (
        select(model, SearchDocument)
        .join(SearchDocument, SearchDocument.object_id == model.id)
        .where(SearchDocument.kind == kind, SearchDocument.id.in_([row.doc_id for row in best]))
    )
    if model is Ticket:
        load = load.options(joinedload(Ticket.queue))
    loaded = {doc.id: (record, doc) for record, doc in db.session.execute(load)}
    found = [Match(*loaded[row.doc_id], bool(row.notes)) for row in best if row.doc_id in loaded]
    return found, total


def by_id(actor: User, kind: str, record_id: int, ticket_type: str | None = None):
    """One record by its id when `actor` may see it, else None (no hint that it exists)."""
    source = KINDS[kind]
    model = source.model
    conditions = [model.id == record_id, source.visibility(actor)]
    if ticket_type is not None:
        conditions.append(Ticket.type == ticket_type)
    return db.session.scalar(select(model).where(*conditions))
