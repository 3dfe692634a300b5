"""Knowledge base articles to JSON."""

from __future__ import annotations

from flask import url_for

from servicedesk.api.serializers import iso, person
from servicedesk.domain.text import render_markdown
from servicedesk.models import Article


def article_json(article: Article) -> dict:
    service = article.service
    return {
        "id": article.id,
        "reference": article.reference,
        "state": article.state,
        "audience": article.audience,
        "service": {"id": service.id, "name": service.name_sv} if service else None,
        "title_sv": article.title_sv,
        "body_sv": article.body_sv,
        "body_sv_html": str(render_markdown(article.body_sv)),
        "title_en": article.title_en,
        "body_en": article.body_en,
        "owner": person(article.owner),
        "review_on": article.review_on.isoformat() if article.review_on else None,
        "created_at": iso(article.created_at),
        "updated_at": iso(article.updated_at),
        "published_at": iso(article.published_at),
        "version": article.version,
        "url": url_for("kb.article_detail", article_id=article.id, _external=True),
    }
