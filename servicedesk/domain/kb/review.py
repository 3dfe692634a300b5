"""Review dates: once an article's review date has passed, its owner is mailed, once per
date, through the outbox (jobs/kb.py runs `remind_owners`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select

from servicedesk.domain.kb.articles import local_date
from servicedesk.domain.mail.outbox import Mail, enqueue_mail
from servicedesk.domain.mail.render import absolute_url, render_mail
from servicedesk.infra.extensions import db
from servicedesk.models import Article, ArticleState, User

BATCH = 500


def due_for_review(now: datetime) -> list[Article]:
    """Articles not archived whose review date has passed and whose owner was not yet
    reminded of that date."""
    stmt = (
        select(Article)
        .where(
            Article.state != ArticleState.ARCHIVED.value,
            Article.review_on.is_not(None),
            Article.review_on < local_date(now),
            Article.owner_id.is_not(None),
            or_(Article.reminded_for.is_(None), Article.reminded_for != Article.review_on),
        )
        .order_by(Article.id)
        .limit(BATCH)
    )
    return list(db.session.scalars(stmt))


def remind_owners(*, now: datetime) -> int:
    """Queue one reminder per article and review date; returns how many were queued."""
    queued = 0
    for article in due_for_review(now):
        owner = db.session.get(User, article.owner_id)
        article.reminded_for = article.review_on
        if owner is None or not owner.active:
            continue
        subject, text, html = render_mail(
            "kb_review_due",
            locale=owner.locale,
            article=article,
            owner=owner,
            article_url=absolute_url("kb.article_edit", article_id=article.id),
        )
        mail = Mail(
            key=f"kb-review:{article.id}:{article.review_on.isoformat()}",
            kind="kb_review_due",
            to_address=owner.email,
            recipient_id=owner.id,
            subject=subject,
            body_text=text,
            body_html=html,
        )
        queued += int(enqueue_mail(mail, now=now))
    db.session.flush()
    return queued
