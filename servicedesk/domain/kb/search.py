"""Finding articles: the article index and `search_articles`, ranked, in Swedish.

The index (`kb_article_fts`, see models/kb.py) has one row per article and is rewritten in
the same transaction as each save of its text (`index_article`). On PostgreSQL it holds a
`swedish` tsvector (titles weighted above bodies) under a GIN index; on SQLite an FTS5
table of the stemmed words (`stemming.py`), ranked with bm25 (titles count five times).

What a person types is only ever words: `stemming.words` keeps letters and digits, so
quotes, `*`, `-`, `OR`, `NEAR` and parentheses can never reach the query syntax. Each word
matches as a prefix (an employee is still typing) and any word may match; more matches and
title matches rank higher. Visibility is `article_visibility`, in the same statement.
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, case, select, text

from servicedesk.domain.kb.stemming import stem, stemmed_text, words
from servicedesk.domain.permissions import article_visibility
from servicedesk.infra.extensions import db
from servicedesk.models import Article, ArticleState, User
from servicedesk.models.kb import SEARCH_TABLE

MAX_LIMIT = 50


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _titles(article: Article) -> str:
    return f"{article.title_sv} {article.title_en}"


def _bodies(article: Article) -> str:
    return f"{article.body_sv} {article.body_en}"


def index_article(article: Article) -> None:
    """Write the article's row of the index (its current text), in the caller's transaction."""
    db.session.flush()
    if _is_postgres():
        db.session.execute(
            text(
                f"INSERT INTO {SEARCH_TABLE} (article_id, document) VALUES (:id, "
                "setweight(to_tsvector('swedish', :title), 'A') || "
                "setweight(to_tsvector('swedish', :body), 'B')) "
                "ON CONFLICT (article_id) DO UPDATE SET document = excluded.document"
            ),
            {"id": article.id, "title": _titles(article), "body": _bodies(article)},
        )
        return
    db.session.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :id"), {"id": article.id})
    db.session.execute(
        text(f"INSERT INTO {SEARCH_TABLE} (rowid, title, body) VALUES (:id, :title, :body)"),
        {
            "id": article.id,
            "title": stemmed_text(_titles(article)),
            "body": stemmed_text(_bodies(article)),
        },
    )


def rebuild_index() -> int:
    """Write every article's row of the index again (`flask kb reindex`); returns how many."""
    count = 0
    for article in db.session.scalars(select(Article).order_by(Article.id)):
        index_article(article)
        count += 1
    return count


def _ranked(terms: list[str]):
    """A subquery (article_id, score) of the articles matching any term; lower is better."""
    if _is_postgres():
        # Each word and its stem by our rules (which also take "-et" off: "lösenordet"),
        # as prefixes: PostgreSQL's swedish stemmer leaves some definite forms whole.
        query = " | ".join(f"{t}:*" for t in dict.fromkeys(x for w in terms for x in (w, stem(w))))
        sql = (
            "SELECT article_id, -ts_rank_cd(document, q) AS score "
            f"FROM {SEARCH_TABLE}, to_tsquery('swedish', :q) AS q WHERE document @@ q"
        )
    else:
        query = " OR ".join(f'"{stem(term)}"*' for term in terms)
        sql = (
            f"SELECT rowid AS article_id, bm25({SEARCH_TABLE}, 5.0, 1.0) AS score "
            f"FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q"
        )
    stmt = text(sql).bindparams(q=query).columns(article_id=Integer, score=Float)
    return stmt.subquery("ranked")


def search_articles(
    actor: User | None,
    text_query: str,
    service_id: int | None = None,
    limit: int = 5,
    *,
    published_only: bool = True,
) -> list[Article]:
    """Up to `limit` articles `actor` may read that match the words of `text_query`, best
    first; those of `service_id` before the others. Without words: the newest published
    articles of that service (an employee who picked a service but typed nothing yet), or
    none without a service either."""
    limit = max(1, min(limit, MAX_LIMIT))
    terms = words(text_query)
    stmt = select(Article).where(article_visibility(actor))
    if published_only:
        stmt = stmt.where(Article.state == ArticleState.PUBLISHED.value)
    if terms:
        ranked = _ranked(terms)
        stmt = stmt.join(ranked, ranked.c.article_id == Article.id)
        order = [ranked.c.score, Article.id.desc()]
        if service_id is not None:
            order.insert(0, case((Article.service_id == service_id, 0), else_=1))
    elif service_id is not None:
        stmt = stmt.where(Article.service_id == service_id)
        order = [Article.updated_at.desc(), Article.id.desc()]
    else:
        return []
    return list(db.session.scalars(stmt.order_by(*order).limit(limit)))
