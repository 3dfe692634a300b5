"""The satisfaction survey: answered from the portal ticket page or from the mail link.

The mail link opens a page with the rating preselected; only the POST that confirms it stores
anything (a link prefetched by a mail scanner changes nothing).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.reports.survey import (
    SURVEY_PATH,
    answer_survey,
    may_answer,
    read_token,
    response_for,
)
from servicedesk.infra.extensions import db
from servicedesk.models import Ticket
from servicedesk.web.reports.forms import SurveyForm
from servicedesk.web.util import user

bp = Blueprint("survey", __name__, url_prefix=SURVEY_PATH.rstrip("/"))


@bp.app_template_global("survey_response_for")
def survey_response_for(ticket: Ticket):
    return response_for(ticket)


@bp.app_template_global("may_rate")
def may_rate(ticket: Ticket) -> bool:
    return may_answer(user(), ticket)


def _own_ticket(ticket_id: int) -> Ticket:
    """The requester's own ticket; anyone else gets 404 (no hint that it exists)."""
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None or ticket.requester_id != user().id:
        abort(404)
    return ticket


def _submit(ticket: Ticket, form: SurveyForm) -> bool:
    if not form.validate_on_submit():
        return False
    try:
        commit_or_error(
            lambda: answer_survey(
                ticket,
                user(),
                rating=int(form.rating.data),
                comment=form.comment.data or "",
                now=now(),
            )
        )
    except DomainError as exc:
        flash(exc.message, "error")
        return False
    flash(_("Thank you for your rating."), "success")
    return True


@bp.route("/<token>", methods=["GET", "POST"])
@login_required
def answer(token: str):
    try:
        ticket_id, rating = read_token(token)
    except NotFound:
        abort(404)
    ticket = _own_ticket(ticket_id)
    form = SurveyForm()
    if _submit(ticket, form):
        return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id))
    if not form.is_submitted() and rating:
        form.rating.data = str(rating)
    return render_template(
        "reports/survey/answer.html",
        ticket=ticket,
        form=form,
        answered=response_for(ticket),
        open_for_answer=may_answer(user(), ticket),
    )


@bp.route("/tickets/<int:ticket_id>", methods=["POST"])
@login_required
def portal_answer(ticket_id: int):
    ticket = _own_ticket(ticket_id)
    form = SurveyForm()
    if not _submit(ticket, form):
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id) + "#survey")
