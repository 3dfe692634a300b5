"""Linking a ticket to a change or a problem from the agent's ticket page."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.changes import links as change_domain
from servicedesk.domain.changes import problems as problem_domain
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.permissions import get_visible_change, get_visible_ticket, is_agent_for
from servicedesk.infra.extensions import db
from servicedesk.models import Change, Problem
from servicedesk.web.changes.common import bp
from servicedesk.web.changes.forms import LinkForm
from servicedesk.web.util import staff_required, user


@bp.app_template_global()
def ticket_links(ticket) -> dict:
    """What the ticket page's links panel shows (see templates/tickets/desk/_ticket_links.html)."""
    return {
        "changes": change_domain.changes_for_ticket(ticket, user()),
        "problems": problem_domain.problems_for_ticket(ticket),
    }


def _visible_change(me, change_id: int | None) -> Change | None:
    try:
        return get_visible_change(me, change_id)
    except NotFound:
        return None


def _link(ticket, reference: str):
    """Link to CHG-… or PRB-…; returns the linked object, or raises when unknown."""
    me = user()
    change = _visible_change(me, change_domain.parse_change_reference(reference))
    if change is not None:
        change_domain.link_ticket(change, ticket, me, now=now())
        return change
    problem_id = problem_domain.parse_problem_reference(reference)
    if problem_id is not None and (problem := db.session.get(Problem, problem_id)):
        problem_domain.link_incident(problem, me, ticket, now=now())
        return problem
    raise DomainError(_("No change or problem with number %(ref)s.", ref=reference.strip()))


@bp.route("/link-ticket/<int:ticket_id>", methods=["POST"])
@staff_required
def link_ticket(ticket_id: int):
    try:
        ticket = get_visible_ticket(user(), ticket_id)
    except NotFound:
        abort(404)
    if not is_agent_for(user(), ticket):
        abort(404)
    form = LinkForm()
    if form.validate_on_submit():
        try:
            linked = commit_or_error(lambda: _link(ticket, form.reference.data))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Linked to %(ref)s.", ref=linked.reference), "success")
    else:
        flash(_("Give a change or problem number."), "error")
    return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id) + "#links")
