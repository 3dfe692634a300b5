"""The knowledge base (kunskapsbank): articles, their versions, files, feedback and links.

One article carries a Swedish text and, optionally, an English one (shown to readers who
chose English); every save of the text is a new `ArticleVersion`, and the article row holds
a copy of the newest for reading and listing. The search index (`kb_article_fts`) is not a
model: an FTS5 table on SQLite, a table with a `swedish` tsvector and a GIN index on
PostgreSQL, created with the article table (below) and by the migration, kept in sync by
`domain/kb/search.py` in the same transaction as the save.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    DDL,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.catalog import Service
from servicedesk.models.files import StoredFile
from servicedesk.models.ticket import Ticket
from servicedesk.models.user import User


class ArticleState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Audience(enum.StrEnum):
    EMPLOYEES = "employees"  # shown in the portal
    STAFF = "staff"  # internal: agents and admins only


class ArticleEventKind(enum.StrEnum):
    VIEW = "view"
    HELPFUL = "helpful"
    NOT_HELPFUL = "not_helpful"
    DEFLECTION = "deflection"  # "Det löste mitt problem" while filing: no case was filed


def _check_in(column: str, values) -> CheckConstraint:
    listed = ",".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


class ArticleText:
    """The texts of an article (its newest, on the article; each saved one, on a version)."""

    title_sv: Mapped[str] = mapped_column(String(200))
    body_sv: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    body_en: Mapped[str] = mapped_column(Text, default="")


def format_article_reference(article_id: int | None) -> str:
    return f"KB-{article_id or 0:05d}"


class Article(ArticleText, db.Model):
    __tablename__ = "kb_article"
    __table_args__ = (
        _check_in("state", ArticleState),
        _check_in("audience", Audience),
        CheckConstraint("length(title_sv) > 0", name="title_sv"),
        Index("ix_kb_article_state_service", "state", "service_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), index=True)
    audience: Mapped[str] = mapped_column(String(20), default=Audience.EMPLOYEES)
    state: Mapped[str] = mapped_column(String(20), default=ArticleState.DRAFT)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    review_on: Mapped[date | None] = mapped_column(Date)
    # The review date the owner was reminded of: one reminder per date (jobs/kb.py).
    reminded_for: Mapped[date | None] = mapped_column(Date)
    # The ticket whose solution the article was drafted from.
    source_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    service: Mapped[Service | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def reference(self) -> str:
        return format_article_reference(self.id)

    def title_for(self, locale: str) -> str:
        return self.title_en if locale == "en" and self.title_en else self.title_sv

    def body_for(self, locale: str) -> str:
        return self.body_en if locale == "en" and self.title_en else self.body_sv

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.state} {self.title_sv!r}>"


class ArticleVersion(ArticleText, db.Model):
    """One saved text of an article: who saved it, when, and what it said."""

    __tablename__ = "kb_article_version"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_article.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()


class ArticleFile(StoredFile, db.Model):
    """A file or image of an article, stored under a random key like ticket files."""

    __tablename__ = "kb_article_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("kb_article.id", ondelete="CASCADE"), index=True
    )


class ArticleEvent(db.Model):
    """A view, a "helpful" answer (with its comment) or a deflection of one article; the
    report counts them per article and service (indexed by article, kind and time)."""

    __tablename__ = "kb_article_event"
    __table_args__ = (
        _check_in("kind", ArticleEventKind),
        Index("ix_kb_article_event_article_kind_at", "article_id", "kind", "at"),
        Index("ix_kb_article_event_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_article.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArticleTicket(db.Model):
    """An article linked to a ticket it helped with (shown on the agent's ticket page)."""

    __tablename__ = "kb_article_ticket"
    __table_args__ = (UniqueConstraint("article_id", "ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_article.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    article: Mapped[Article] = relationship()
    ticket: Mapped[Ticket] = relationship()


# --- The search index, outside the models ------------------------------------------------
SEARCH_TABLE = "kb_article_fts"
# Tables the models do not describe (the index and SQLite's FTS5 shadow tables): the
# migration check leaves names starting with these alone.
UNMODELLED_TABLE_PREFIXES = (SEARCH_TABLE,)

SQLITE_INDEX_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 0')",
)
POSTGRES_INDEX_DDL = (
    f"CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} ("
    "article_id INTEGER PRIMARY KEY REFERENCES kb_article (id) ON DELETE CASCADE, "
    "document tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS ix_{SEARCH_TABLE}_document ON {SEARCH_TABLE} USING gin (document)",
)
DROP_INDEX_DDL = f"DROP TABLE IF EXISTS {SEARCH_TABLE}"

for _statement in SQLITE_INDEX_DDL:
    event.listen(Article.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRES_INDEX_DDL:
    event.listen(
        Article.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )
event.listen(Article.__table__, "before_drop", DDL(DROP_INDEX_DDL))
