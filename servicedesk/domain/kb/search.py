"""Finding articles: the article index and `search_articles`, ranked, in Swedish.

The index (`kb_article_fts`, see models/kb.py) has one row per article and is rewritten in
the same transaction as each save of its text (`index_article`). On PostgreSQL it holds a
`swedish` tsvector (titles weighted above bodies) under a GIN index; on SQLite an FTS5
table of the stemmed words, ranked with bm25 (titles count five times). The stemmer is the
one the full-text search uses (domain/search/words.py), so "lösenordet" meets "lösenord"
in both.

What a person types is only ever words (`query_words`): letters and digits, so quotes,
`*`, `-`, `OR`, `NEAR` and parentheses can never reach the query syntax. Words that say
nothing about the fault (Swedish stop words, "ska", "vill", English ones) are left out and
words of one stem count once ("skrivaren skriver"). An article must match the query's
meaningful words: all of them up to two, and all but a third of longer queries (a subject
line has a word or two no article shares); each word matches as a prefix (an employee is
still typing). More words matched, then a better rank, come first. Visibility is
`article_visibility`, in the same statement.
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, Select, case, func, select, text, union_all

from servicedesk.domain.permissions import article_visibility
from servicedesk.domain.search.words import STOP_WORDS, is_prefix, stem, words
from servicedesk.infra.extensions import db
from servicedesk.models import Article, ArticleState, User
from servicedesk.models.kb import SEARCH_TABLE

MAX_LIMIT = 50
MAX_WORDS = 20
RELATIVE_RANK = 0.6  # suggestions: a match ranked below 0.6 of the best one's is left out
# Besides Swedish stop words: fillers of a question ("hur ska jag…") and English ones
# (articles have English text too).
_FILLERS = "ska vill får fick går gör kan the a an and or of to in is it not my on for with how"
QUERY_FILLERS = frozenset(_FILLERS.split())


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _titles(article: Article) -> str:
    return f"{article.title_sv} {article.title_en}"


def _bodies(article: Article) -> str:
    return f"{article.body_sv} {article.body_en}"


def stemmed_text(text_: str) -> str:
    """The text as the SQLite index holds it: each word stemmed, stop words too (so a
    phrase keeps its length)."""
    return " ".join(stem(w) for w in words(text_))


def query_words(text_: str, *, limit: int = MAX_WORDS) -> list[str]:
    """The meaningful words of what someone typed, lower case, in order, one per stem; a
    bare number is none ("plan 2" would match every article's step 2)."""
    found: dict[str, str] = {}
    for word in words(text_):
        if word in STOP_WORDS or word in QUERY_FILLERS or word.isdigit() or stem(word) in found:
            continue
        found[stem(word)] = word
        if len(found) == limit:
            break
    return list(found.values())


def needed(count: int) -> int:
    """How many of a query's `count` meaningful words an article must match: half, rounded
    down, at least one (a subject says more than any article: "Glömt lösenordet" should
    find "Byt lösenord", "Skrivaren på plan 2 skriver inte ut" the printer article)."""
    return max(1, count // 2)


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


def _one_word(word: str, n: int):
    """(article_id, score) of the articles matching one word; lower score is better."""
    word_stem = stem(word)
    if _is_postgres():
        # The word and its stem by our rules (which also take "-et" off: "lösenordet"),
        # as prefixes: PostgreSQL's swedish stemmer leaves some definite forms whole.
        forms = dict.fromkeys((word, word_stem))
        query = " | ".join(f"'{f}':*" if is_prefix(word_stem) else f"'{f}'" for f in forms)
        sql = (
            "SELECT article_id, -ts_rank_cd(document, q) AS score "
            f"FROM {SEARCH_TABLE}, to_tsquery('swedish', :q{n}) AS q WHERE document @@ q"
        )
    else:
        query = f'"{word_stem}"*' if is_prefix(word_stem) else f'"{word_stem}"'
        # `LIMIT -1` (none): keeps SQLite from flattening bm25 into the outer aggregate
        sql = (
            f"SELECT * FROM (SELECT rowid AS article_id, bm25({SEARCH_TABLE}, 5.0, 1.0) "
            f"AS score FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q{n} LIMIT -1)"
        )
    return text(sql).bindparams(**{f"q{n}": query}).columns(article_id=Integer, score=Float)


def _ranked(terms: list[str]):
    """A subquery (article_id, matched, score) of the articles matching enough terms."""
    each = union_all(*(_one_word(word, n) for n, word in enumerate(terms))).subquery("each")
    return (
        select(
            each.c.article_id,
            func.count().label("matched"),
            func.sum(each.c.score).label("score"),
        )
        .group_by(each.c.article_id)
        .having(func.count() >= needed(len(terms)))
        .subquery("ranked")
    )


def articles_found(
    actor: User | None,
    text_query: str,
    service_id: int | None = None,
    *,
    published_only: bool = True,
    state: str | None = None,
    near_best: bool = False,
) -> Select | None:
    """The articles `actor` may read that match the words of `text_query`, best first
    (those of `service_id` before the others), as an ordered statement to page; None
    when nothing typed is a meaningful word. `near_best` (suggestions): only those ranked
    within `RELATIVE_RANK` of the best one."""
    terms = query_words(text_query)
    if not terms:
        return None
    ranked = _ranked(terms)
    conditions = [article_visibility(actor)]
    if published_only:
        conditions.append(Article.state == ArticleState.PUBLISHED.value)
    if state is not None:
        conditions.append(Article.state == state)
    stmt = select(Article).join(ranked, ranked.c.article_id == Article.id).where(*conditions)
    best = (
        db.session.scalar(stmt.with_only_columns(func.min(ranked.c.score))) if near_best else None
    )
    if best is not None:
        # Far below the best match is a word met in passing: "Byt lösenord" says "Skriv
        # ett nytt lösenord", which is no answer to a printer that "skriver inte ut" (both
        # stem to "skriv"). Scores are negative, the best lowest.
        stmt = stmt.where(ranked.c.score <= best * RELATIVE_RANK)
    order = [ranked.c.matched.desc(), ranked.c.score, Article.id.desc()]
    if service_id is not None:
        order.insert(0, case((Article.service_id == service_id, 0), else_=1))
    return stmt.order_by(*order)


def search_articles(
    actor: User | None,
    text_query: str,
    service_id: int | None = None,
    limit: int = 5,
    *,
    published_only: bool = True,
    suggest: bool = False,
) -> list[Article]:
    """Up to `limit` articles `actor` may read that match the words of `text_query` (see
    `articles_found`; `suggest`: only those near the best, for suggestions). Without words:
    the newest published articles of that service (an employee who picked a service but
    typed nothing yet), or none without a service either."""
    limit = max(1, min(limit, MAX_LIMIT))
    stmt = articles_found(
        actor, text_query, service_id, published_only=published_only, near_best=suggest
    )
    if stmt is None:
        if service_id is None:
            return []
        stmt = (
            select(Article)
            .where(article_visibility(actor), Article.service_id == service_id)
            .order_by(Article.updated_at.desc(), Article.id.desc())
        )
        if published_only:
            stmt = stmt.where(Article.state == ArticleState.PUBLISHED.value)
    return list(db.session.scalars(stmt.limit(limit)))
