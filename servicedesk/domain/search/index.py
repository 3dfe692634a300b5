"""Keeping the search index in step with the records, in the same transaction.

After every flush, the records of a searchable kind that were written (a ticket's title, a
new comment, a change…; see `SearchKind.owners`) have their `search_document` row written
again on the flush's own connection, so the index commits and rolls back with the change.
PostgreSQL computes the tsvectors from the row itself; on SQLite the FTS5 row is written here
as Swedish stems. `rebuild` writes the whole index (the migration, `flask search reindex`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, event, func, insert, inspect, select, text, update
from sqlalchemy.orm import Session

from servicedesk.domain.search.kinds import KINDS, Document
from servicedesk.domain.search.words import indexed
from servicedesk.models.base import utcnow
from servicedesk.models.search import FTS_TABLE, SearchDocument

BATCH = 2000
# Attributes whose change does not alter the indexed text (a ticket is written often).
_TEXT_FIELDS = {
    "Ticket": ("title", "description", "solution", "type"),
    "Comment": ("body", "internal", "ticket_id"),
}

_FTS_INSERT = text(
    f"INSERT INTO {FTS_TABLE} (rowid, title, body, replies, staff_body, kind) "
    "VALUES (:rowid, :title, :body, :replies, :staff_body, :kind)"
)


def _is_sqlite(conn) -> bool:
    return conn.dialect.name == "sqlite"


def _fts_delete(conn, doc_ids: list[int]) -> None:
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start : start + 500]
        marks = ",".join(str(int(i)) for i in chunk)
        conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})"))


def write_documents(conn, kind: str, ids: Iterable[int]) -> None:
    """Write the index rows of these records of `kind` as they are now on `conn` (a record
    that no longer exists loses its row)."""
    ids = sorted({int(i) for i in ids if i is not None})
    if not ids:
        return
    source = KINDS[kind]
    docs = {doc.object_id: doc for doc in source.documents(conn, ids)}
    existing = dict(
        conn.execute(
            select(SearchDocument.object_id, SearchDocument.id).where(
                SearchDocument.kind == kind, SearchDocument.object_id.in_(ids)
            )
        ).all()
    )
    now = utcnow()
    gone = [existing[i] for i in ids if i in existing and i not in docs]
    if gone:
        if _is_sqlite(conn):
            _fts_delete(conn, gone)
        conn.execute(delete(SearchDocument).where(SearchDocument.id.in_(gone)))
    fts_rows = []
    for object_id, doc in docs.items():
        values = _values(doc)
        doc_id = existing.get(object_id)
        if doc_id is None:
            doc_id = conn.execute(
                insert(SearchDocument)
                .values(kind=kind, object_id=object_id, indexed_at=now, **values)
                .returning(SearchDocument.id)
            ).scalar_one()
        else:
            conn.execute(
                update(SearchDocument)
                .where(SearchDocument.id == doc_id)
                .values(indexed_at=now, **values)
            )
        fts_rows.append(_fts_row(doc_id, doc, kind))
    if _is_sqlite(conn) and fts_rows:
        _fts_delete(conn, [row["rowid"] for row in fts_rows])
        conn.execute(_FTS_INSERT, fts_rows)


def _values(doc: Document) -> dict:
    return {
        "reference": doc.reference,
        "title": doc.title,
        "body": doc.body,
        "replies": doc.replies,
        "staff_body": doc.staff_body,
    }


def _fts_row(doc_id: int, doc: Document, kind: str) -> dict:
    return {
        "rowid": doc_id,
        "kind": kind,
        "title": indexed(f"{doc.reference} {doc.title}"),
        "body": indexed(doc.body),
        "replies": indexed(doc.replies),
        "staff_body": indexed(doc.staff_body),
    }


def rebuild(conn, kinds: Sequence[str] | None = None) -> dict[str, int]:
    """Write the whole index again from the records (every kind, or those named); returns
    how many documents each kind has. Bulk inserts in batches of `BATCH` records."""
    counts = {}
    for kind in kinds or list(KINDS):
        source = KINDS[kind]
        if _is_sqlite(conn):
            conn.execute(
                text(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN "
                    "(SELECT id FROM search_document WHERE kind = :kind)"
                ),
                {"kind": kind},
            )
        conn.execute(delete(SearchDocument).where(SearchDocument.kind == kind))
        counts[kind] = 0
        last = 0
        while True:
            ids = list(
                conn.execute(
                    select(source.model.id)
                    .where(source.model.id > last)
                    .order_by(source.model.id)
                    .limit(BATCH)
                ).scalars()
            )
            if not ids:
                break
            last = ids[-1]
            _bulk_insert(conn, kind, list(source.documents(conn, ids)))
            counts[kind] += len(ids)
    return counts


def _bulk_insert(conn, kind: str, docs: list[Document]) -> None:
    if not docs:
        return
    now = utcnow()
    rows = [{"kind": kind, "object_id": d.object_id, "indexed_at": now, **_values(d)} for d in docs]
    conn.execute(insert(SearchDocument), rows)
    if _is_sqlite(conn):
        ids = dict(
            conn.execute(
                select(SearchDocument.object_id, SearchDocument.id).where(
                    SearchDocument.kind == kind,
                    SearchDocument.object_id.between(docs[0].object_id, docs[-1].object_id),
                )
            ).all()
        )
        conn.execute(_FTS_INSERT, [_fts_row(ids[d.object_id], d, kind) for d in docs])


def document_count(conn) -> int:
    return conn.execute(select(func.count()).select_from(SearchDocument)).scalar_one()


# --- in step with every flush -----------------------------------------------------------


def _text_changed(obj) -> bool:
    fields = _TEXT_FIELDS.get(type(obj).__name__)
    if fields is None:
        return True
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _touched(session: Session) -> dict[str, set[int]]:
    touched: dict[str, set[int]] = defaultdict(set)
    written = [(obj, True) for obj in session.new] + [(obj, False) for obj in session.dirty]
    written += [(obj, True) for obj in session.deleted]
    for obj, always in written:
        for kind in KINDS.values():
            if not isinstance(obj, kind.watches):
                continue
            if not always and not _text_changed(obj):
                continue
            owner = kind.owners(obj)
            if owner is not None:
                touched[kind.name].add(owner)
    return touched


def _after_flush(session: Session, flush_context) -> None:
    touched = _touched(session)
    if not touched:
        return
    conn = session.connection()
    for kind, ids in touched.items():
        write_documents(conn, kind, ids)


def install() -> None:
    """Keep the index in step with every session's flushes (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
