"""Resolving a case from the desk: the resolve form's route on the desk blueprint and the
template globals its include (`tickets/desk/_resolve.html`) and the reopen notice use.

A refused resolve re-renders the ticket page itself (the desk's ticket view, with this
form and its errors in `g`), with 422: the error summary takes focus, each message sits
next to its field and what was typed is kept; nothing is stored in the session."""

from __future__ import annotations

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.answers.closure_codes import (
    active_closure_code,
    closure_choices,
    closure_code_name,
)
from servicedesk.domain.answers.reopen import latest_reopen
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.permissions import get_visible_ticket, is_agent_for
from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.models import Status, Ticket
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.tickets.answer_forms import ResolveForm
from servicedesk.web.tickets.desk import bp, render_ticket_page
from servicedesk.web.tickets.forms import version_of
from servicedesk.web.util import apply_domain_error, staff_required, user


def works_ticket(ticket: Ticket, staff: bool | None = None) -> bool:
    """`is_agent_for` the current user, asked once per ticket and request (several
    includes of one page ask); `staff` is the page's own answer when it has one."""
    cache = g.setdefault("works_ticket", {})
    if staff is not None:
        cache[ticket.id] = bool(staff)
    if ticket.id not in cache:
        cache[ticket.id] = is_agent_for(user(), ticket)
    return cache[ticket.id]


def rerender_ticket_page(ticket: Ticket):
    """The desk's ticket page for this POST, with 422: forms kept in `g` and the
    composer's own form (bound to the posted data) keep what was typed."""
    return render_ticket_page(ticket, user(), status=422)


def _closure_choices() -> list[tuple[str, str]]:
    locale = current_locale_code()
    return [(c.code, c.name_for(locale)) for c in closure_choices() if c.active]


def resolve_form_for(ticket: Ticket, staff: bool | None = None) -> ResolveForm | None:
    """The resolve form for the page, or None when the viewer may not resolve this case
    (not its agent, or the status table does not allow it)."""
    if getattr(g, "resolve_form", None) is not None:
        return g.resolve_form
    if Status.RESOLVED not in ticket_domain.TRANSITIONS[Status(ticket.status)]:
        return None
    if not works_ticket(ticket, staff):
        return None
    return ResolveForm(formdata=None, version=ticket.version, choices=_closure_choices())


@bp.app_context_processor
def resolution_globals():
    return {
        "resolve_form_for": resolve_form_for,
        "latest_reopen": latest_reopen,
        "closure_code_name": lambda stored: closure_code_name(stored, current_locale_code()),
    }


def load_worked_ticket(ticket_id: int) -> Ticket:
    """A ticket the current user works as staff, else 404."""
    try:
        ticket = get_visible_ticket(user(), ticket_id)
    except NotFound:
        abort(404)
    if not works_ticket(ticket):
        abort(404)
    return ticket


def _closure_code_error_too(form: ResolveForm) -> None:
    """The domain stops at the first missing field; name a missing closure code as well,
    so one try shows the agent everything left to fill in."""
    try:
        active_closure_code(form.closure_code.data or None)
    except DomainError as exc:
        apply_domain_error(form, exc)


@bp.route("/tickets/<int:ticket_id>/resolve", methods=["POST"])
@staff_required
def resolve(ticket_id: int):
    ticket = load_worked_ticket(ticket_id)
    form = ResolveForm(choices=_closure_choices())
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: ticket_domain.change_status(
                    ticket,
                    user(),
                    Status.RESOLVED,
                    solution=form.solution.data,
                    closure_code=form.closure_code.data or None,
                    expected_version=version_of(form),
                    now=now(),
                )
            )
        except DomainError as exc:
            message = apply_domain_error(form, exc)
            if message:
                form.form_errors.append(message)
            if exc.field == "solution":
                _closure_code_error_too(form)
        else:
            flash(_("The case is resolved."), "success")
            return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id))
    g.resolve_form = form
    return rerender_ticket_page(ticket)
