"""The knowledge base on the agent's ticket page: suggestions and linked articles (the
include templates/kb/_ticket_suggestions.html), linking an article, and a draft article
from a resolved ticket's solution."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.kb import tickets as domain
from servicedesk.domain.kb.articles import get_visible_article
from servicedesk.domain.permissions import get_visible_ticket, is_agent_for
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.kb.common import bp
from servicedesk.web.kb.forms import TicketLinkForm
from servicedesk.web.util import staff_required, user


def _panel(ticket) -> dict:
    """What the knowledge base panel of a ticket shows (templates/kb/_ticket_panel.html)."""
    me = user()
    linked = domain.linked_articles(ticket, me)
    return {
        "ticket": ticket,
        "linked": linked,
        "suggested": domain.suggestions_for_ticket(ticket, me, linked),
        "locale": current_locale_code(),
        "may_draft": domain.may_draft(ticket),
    }


@bp.route("/tickets/<int:ticket_id>/panel")
@staff_required
def ticket_panel(ticket_id: int):
    """The panel as a fragment, fetched by js/kb.js into the ticket page's side area (so the
    ticket page itself costs no query more)."""
    return render_template("kb/_ticket_panel.html", **_panel(_worked_ticket(ticket_id)))


@bp.route("/tickets/<int:ticket_id>")
@staff_required
def ticket_articles(ticket_id: int):
    """The same panel as a page of its own: the ticket page's link without JavaScript."""
    return render_template("kb/ticket.html", **_panel(_worked_ticket(ticket_id)))


def _worked_ticket(ticket_id: int):
    me = user()
    try:
        ticket = get_visible_ticket(me, ticket_id)
    except NotFound:
        abort(404)
    if not is_agent_for(me, ticket):
        abort(404)
    return ticket


@bp.route("/link-ticket/<int:ticket_id>", methods=["POST"])
@staff_required
def link_ticket(ticket_id: int):
    ticket = _worked_ticket(ticket_id)
    form = TicketLinkForm()
    article_id = int(form.article_id.data) if (form.article_id.data or "").isdigit() else 0
    if form.validate_on_submit():
        try:
            article = get_visible_article(user(), article_id)
            commit_or_error(lambda: domain.link_article(article, ticket, user(), now=now()))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("The article is linked to the case."), "success")
    return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id) + "#kb-panel")


@bp.route("/from-ticket/<int:ticket_id>", methods=["POST"])
@staff_required
def draft_from_ticket(ticket_id: int):
    ticket = _worked_ticket(ticket_id)
    form = TicketLinkForm()
    if form.validate_on_submit():
        try:
            article = commit_or_error(lambda: domain.draft_from_ticket(ticket, user(), now=now()))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("A draft article is made from the solution. Edit it and publish."), "success")
            return redirect(url_for("kb.article_edit", article_id=article.id))
    return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id) + "#kb-panel")
