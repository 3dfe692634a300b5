"""Views, helpfulness and deflections per article and per service over a period.

One grouped query over `kb_article_event` (indexed by article, kind and time), limited to
the articles the reader may read (`article_visibility`), so the report counts nothing the
reader could not open."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from servicedesk.domain.permissions import article_visibility
from servicedesk.infra.extensions import db
from servicedesk.models import Article, ArticleEvent, ArticleEventKind, Service, User

KINDS = tuple(k.value for k in ArticleEventKind)


@dataclass
class Counts:
    view: int = 0
    helpful: int = 0
    not_helpful: int = 0
    deflection: int = 0

    def add(self, other: Counts) -> None:
        for name in KINDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def helpful_share(self) -> float | None:
        answers = self.helpful + self.not_helpful
        return self.helpful / answers if answers else None


@dataclass
class ArticleRow:
    article: Article
    counts: Counts


@dataclass
class ServiceRow:
    service: Service | None
    counts: Counts = field(default_factory=Counts)


@dataclass
class KbReport:
    articles: list[ArticleRow]
    services: list[ServiceRow]
    total: Counts


def kb_report(actor: User, *, start: datetime, end: datetime) -> KbReport:
    """Counts of events at `start` <= at < `end`, for the articles `actor` may read."""
    stmt = (
        select(ArticleEvent.article_id, ArticleEvent.kind, func.count())
        .join(Article, Article.id == ArticleEvent.article_id)
        .where(ArticleEvent.at >= start, ArticleEvent.at < end, article_visibility(actor))
        .group_by(ArticleEvent.article_id, ArticleEvent.kind)
    )
    counts: dict[int, Counts] = {}
    for article_id, kind, number in db.session.execute(stmt):
        setattr(counts.setdefault(article_id, Counts()), kind, number)
    articles = db.session.scalars(select(Article).where(Article.id.in_(counts))).all()
    rows = sorted(
        (ArticleRow(a, counts[a.id]) for a in articles),
        key=lambda r: (-r.counts.deflection, -r.counts.view, r.article.title_sv),
    )
    by_service: dict[int | None, ServiceRow] = {}
    total = Counts()
    for row in rows:
        entry = by_service.setdefault(row.article.service_id, ServiceRow(row.article.service))
        entry.counts.add(row.counts)
        total.add(row.counts)
    services = sorted(by_service.values(), key=lambda r: -r.counts.deflection)
    return KbReport(rows, services, total)
