"""Reading articles: the portal's lists and what readers do (views, feedback, deflections)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.kb.search import search_articles
from servicedesk.domain.permissions import article_visibility
from servicedesk.infra.extensions import db
from servicedesk.models import Article, ArticleEvent, ArticleEventKind, ArticleState, User

COMMENT_MAX = 2000
LIST_MAX = 200


def readable_articles(
    actor: User, *, query: str = "", service_id: int | None = None
) -> list[Article]:
    """The published articles `actor` may read: matching `query` (best first) or, without
    one, all of them (of `service_id` when given) by title."""
    if query.strip():
        return search_articles(actor, query, service_id, limit=LIST_MAX)
    stmt = select(Article).where(
        article_visibility(actor), Article.state == ArticleState.PUBLISHED.value
    )
    if service_id is not None:
        stmt = stmt.where(Article.service_id == service_id)
    return list(db.session.scalars(stmt.order_by(Article.title_sv).limit(LIST_MAX)))


def _event(article: Article, actor: User | None, kind: ArticleEventKind, *, now, comment=""):
    event = ArticleEvent(
        article_id=article.id,
        kind=kind.value,
        user_id=actor.id if actor is not None else None,
        comment=comment,
        at=now,
    )
    db.session.add(event)
    db.session.flush()
    return event


def record_view(article: Article, actor: User, *, now: datetime) -> None:
    """A reader opened the published article (writers' own looks at drafts are not views)."""
    if article.state == ArticleState.PUBLISHED:
        _event(article, actor, ArticleEventKind.VIEW, now=now)


def give_feedback(
    article: Article, actor: User, helpful: bool | None, comment: str = "", *, now: datetime
) -> ArticleEvent:
    """ "Hjälpte artikeln dig? Ja/Nej" with an optional comment."""
    if helpful is None:
        raise ValidationError(_l("Answer yes or no."), field="helpful")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(_l("At most 2000 characters."), field="comment")
    kind = ArticleEventKind.HELPFUL if helpful else ArticleEventKind.NOT_HELPFUL
    return _event(article, actor, kind, now=now, comment=comment)


def record_deflection(article: Article, actor: User, *, now: datetime) -> ArticleEvent:
    """ "Det löste mitt problem" while filing: the article solved it, no case was filed."""
    if article.state != ArticleState.PUBLISHED:
        raise ValidationError(_l("The article is not published."))
    return _event(article, actor, ArticleEventKind.DEFLECTION, now=now)
