"""The full-text search index: one row per searchable record, kept in step with it.

`search_document` holds, per (kind, object_id), the text search reads: the reference and
title (ranked first), the body (description, or an article's text), public replies (and the
solution), and `staff_body` (internal notes): matched only for staff who may work the
record, never for a requester. The index itself depends on the database:

- PostgreSQL: two stored generated `tsvector` columns in the `swedish` configuration,
  `tsv` (reference/title weight A, body B, replies C) and `staff_tsv` (internal notes),
  each with a GIN index;
- SQLite: the FTS5 table `search_fts` (rowid = search_document.id) holding the same four
  fields as Swedish stems (domain/search/words.py; FTS5 has no Swedish stemmer).

Neither is part of the ORM model (SQLAlchemy has no type for them): the DDL below runs when
the table is created (tests, `create_all`) and from the migration; `is_index_object` tells
Alembic's comparison to leave them alone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow

FTS_TABLE = "search_fts"
TSV_INDEXES = ("ix_search_document_tsv", "ix_search_document_staff_tsv")

POSTGRES_DDL = (
    "ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('swedish'::regconfig, reference || ' ' || title), 'A') || "
    "setweight(to_tsvector('swedish'::regconfig, body), 'B') || "
    "setweight(to_tsvector('swedish'::regconfig, replies), 'C')) STORED",
    "ALTER TABLE search_document ADD COLUMN staff_tsv tsvector GENERATED ALWAYS AS ("
    "to_tsvector('swedish'::regconfig, staff_body)) STORED",
    "CREATE INDEX ix_search_document_tsv ON search_document USING gin (tsv)",
    "CREATE INDEX ix_search_document_staff_tsv ON search_document USING gin (staff_tsv)",
)
# unicode61 without diacritics removal: å, ä and ö are letters of their own in Swedish.
# `prefix`: an index of every stem's first 3..8 letters, so a prefix query (every query
# word is one) reads one list instead of merging those of every word it begins: "titt"*
# over a word in every case, 18 ms -> 0.1 ms at 465,000 cases. `detail=column`: no word
# positions (nothing reads them: no phrases, snippets and ranking are done in Python), an
# index about half the size. `kind`: the record's kind as a word, so a kind's query is an
# FTS5 AND with it (it skips to that kind's documents) instead of walking every ticket that
# has a common word to find the few changes that do.
SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, body, replies, staff_body, kind, tokenize = 'unicode61 remove_diacritics 0', "
    "detail = column, prefix = '3 4 5 6 7 8')",
)
SQLITE_DROP = f"DROP TABLE IF EXISTS {FTS_TABLE}"


class SearchDocument(db.Model):
    """The searchable text of one record (a ticket, change, problem; later an article)."""

    __tablename__ = "search_document"
    __table_args__ = (UniqueConstraint("kind", "object_id", name="uq_search_document_kind_object"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(30), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    replies: Mapped[str] = mapped_column(Text, default="")
    staff_body: Mapped[str] = mapped_column(Text, default="")
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<SearchDocument {self.kind} {self.object_id}>"


def is_index_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic `include_object`: False for the index structures the model cannot describe
    (the FTS5 table and its shadow tables, the tsvector columns and their GIN indexes)."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name in ("tsv", "staff_tsv"):
        return getattr(getattr(obj, "table", None), "name", None) != SearchDocument.__tablename__
    return not (type_ == "index" and name in TSV_INDEXES)


for _statement in POSTGRES_DDL:
    event.listen(
        SearchDocument.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )
for _statement in SQLITE_DDL:
    event.listen(
        SearchDocument.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite")
    )
event.listen(SearchDocument.__table__, "before_drop", DDL(SQLITE_DROP).execute_if(dialect="sqlite"))
