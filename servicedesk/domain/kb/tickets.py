"""Articles at work on a ticket: suggestions from its title and service, links to the
ticket, and a draft article made from a resolved ticket's solution."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.kb.articles import ArticleInput, create_article
from servicedesk.domain.kb.search import search_articles
from servicedesk.domain.permissions import article_visibility, may_write_for_service, require_agent
from servicedesk.infra.extensions import db
from servicedesk.models import Article, ArticleTicket, Audience, Status, Ticket, TicketType, User

SUGGESTIONS = 5


def suggestions_for_ticket(
    ticket: Ticket, actor: User, linked: list[Article] | None = None
) -> list[Article]:
    """Up to five published articles `actor` may read that match the ticket's title (those
    of its service first), without those already linked (`linked`, when the caller has
    them: the ticket page shows both)."""
    if linked is None:
        linked = linked_articles(ticket, actor)
    skip = {a.id for a in linked}
    found = search_articles(
        actor, ticket.title, ticket.service_id, limit=SUGGESTIONS + len(skip), suggest=True
    )
    return [a for a in found if a.id not in skip][:SUGGESTIONS]


def linked_articles(ticket: Ticket, actor: User) -> list[Article]:
    """The articles linked to the ticket that `actor` may read."""
    stmt = (
        select(Article)
        .join(ArticleTicket, ArticleTicket.article_id == Article.id)
        .where(ArticleTicket.ticket_id == ticket.id, article_visibility(actor))
        .order_by(ArticleTicket.created_at)
    )
    return list(db.session.scalars(stmt))


def link_article(article: Article, ticket: Ticket, actor: User, *, now: datetime) -> bool:
    """Link an article the agent may read to a ticket they work; False if it was linked."""
    require_agent(actor, ticket)
    exists = db.session.scalar(
        select(ArticleTicket.id).where(
            ArticleTicket.article_id == article.id, ArticleTicket.ticket_id == ticket.id
        )
    )
    if exists:
        return False
    db.session.add(
        ArticleTicket(
            article_id=article.id, ticket_id=ticket.id, linked_by_id=actor.id, created_at=now
        )
    )
    db.session.flush()
    return True


def may_draft(ticket: Ticket) -> bool:
    """Whether the ticket's solution can become a draft article (the panel's button)."""
    return (
        ticket.type != TicketType.SECURITY
        and ticket.status in (Status.RESOLVED, Status.CLOSED)
        and bool((ticket.solution or "").strip())
    )


def draft_from_ticket(ticket: Ticket, actor: User, *, now: datetime) -> Article:
    """A draft article from a resolved ticket: its title, its solution as the text, its
    service when the agent may write for it (else a general article), for employees."""
    require_agent(actor, ticket)
    if ticket.type == TicketType.SECURITY:  # an article is read beyond the security group
        raise ValidationError(
            _l("A security incident cannot become an article; write one without its details."),
            code="security_incident",
        )
    if ticket.status not in (Status.RESOLVED, Status.CLOSED) or not (ticket.solution or "").strip():
        raise ValidationError(
            _l("Only a resolved case with a solution can become an article."),
            code="ticket_not_resolved",
        )
    service_id = ticket.service_id if may_write_for_service(actor, ticket.service_id) else None
    data = ArticleInput(
        title_sv=ticket.title,
        body_sv=ticket.solution,
        service_id=service_id,
        audience=Audience.EMPLOYEES.value,
    )
    article = create_article(actor, data, now=now, source_ticket_id=ticket.id)
    link_article(article, ticket, actor, now=now)
    return article
