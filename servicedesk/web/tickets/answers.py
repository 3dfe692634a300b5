"""Standard answers and macros on the desk: the composer tools' template global, the
picker's JSON (`GET /desk/tickets/<id>/answers?q=`) and applying a macro."""

from __future__ import annotations

from flask import flash, g, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, Optional

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.answers.macros import apply_macro, composer_choices
from servicedesk.domain.answers.standard_answers import answers_for_ticket, filled_answer
from servicedesk.domain.errors import DomainError
from servicedesk.models import Ticket
from servicedesk.web.tickets.desk import bp, render_ticket_page
from servicedesk.web.tickets.resolution import (
    load_worked_ticket,
    rerender_ticket_page,
    works_ticket,
)
from servicedesk.web.util import staff_required, user


class MacroApplyForm(FlaskForm):
    """Posted from inside the composer form (its CSRF token), by the "Apply" button."""

    macro = IntegerField(validators=[InputRequired()])
    macro_version = HiddenField(validators=[Optional()])


def _filled(ticket: Ticket, answers) -> list[dict]:
    me = user()
    return [
        {
            "id": a.id,
            "title": a.title,
            "text": filled_answer(a, ticket, me),
            "lang": a.language_for(ticket.requester.locale),
        }
        for a in answers
    ]


def composer_tools(ticket: Ticket, staff: bool | None = None) -> dict | None:
    """What the composer's tools show for this ticket's agent, or None for anyone else."""
    if not works_ticket(ticket, staff) or ticket.status == "closed":
        return None
    answers, macros = composer_choices(ticket, user(), checked=True)  # works_ticket above
    return {
        "answers": _filled(ticket, answers),
        "macros": macros,
        "macro_error": getattr(g, "macro_error", None),
    }


@bp.app_context_processor
def answer_globals():
    return {"composer_tools": composer_tools}


@bp.route("/tickets/<int:ticket_id>/answers")
@staff_required
def ticket_answers(ticket_id: int):
    ticket = load_worked_ticket(ticket_id)
    answers = answers_for_ticket(ticket, user(), q=request.args.get("q", "")[:200])
    return jsonify({"items": _filled(ticket, answers)})


@bp.route("/tickets/<int:ticket_id>/macro", methods=["POST"])
@staff_required
def apply_macro_view(ticket_id: int):
    ticket = load_worked_ticket(ticket_id)
    form = MacroApplyForm()
    if not form.validate_on_submit():
        g.macro_error = _("Choose a macro.")
        return rerender_ticket_page(ticket)
    try:
        version = int(form.macro_version.data)
    except (TypeError, ValueError):
        version = None
    try:
        macro = commit_or_error(
            lambda: apply_macro(
                ticket, user(), form.macro.data, expected_version=version, now=now()
            )
        )
    except DomainError as exc:
        g.macro_error = exc.message
        return rerender_ticket_page(ticket)
    flash(_("The macro %(name)s is applied.", name=macro.name), "success")
    if not works_ticket(ticket):
        return redirect(url_for("desk.ticket_list"))
    if (request.form.get("body") or "").strip():
        # The agent's own unsent draft stays in the composer (as Zammad keeps a draft when
        # a macro runs): the page is shown for this POST, and js/answers.js puts the
        # ticket's own address back in the history, so a reload is a plain GET.
        g.kept_draft_url = url_for("desk.ticket_detail", ticket_id=ticket.id)
        return render_ticket_page(ticket, user())
    return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id))
