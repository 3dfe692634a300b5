"""The handler's section of the staff ticket page for a security incident: the facts
(C/I/A, personal data, NIS2, aware since) and a decision per legal clock. Routes on the desk
blueprint; a refused post shows the ticket page again with 422, the form (kept in `g`) with
its errors next to the fields and what was typed."""

from __future__ import annotations

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError
from servicedesk.domain.permissions import sees_security_incidents
from servicedesk.domain.security.clocks import clock_rows, decide_clock
from servicedesk.domain.security.incidents import incident_of, update_facts
from servicedesk.models import Ticket, TicketType
from servicedesk.web.changes.forms import to_local
from servicedesk.web.incidents.forms import ClockDecisionForm, IncidentFactsForm
from servicedesk.web.tickets.desk import bp
from servicedesk.web.tickets.resolution import load_worked_ticket, rerender_ticket_page
from servicedesk.web.util import form_error, staff_required, user


def _facts_form(ticket: Ticket) -> IncidentFactsForm:
    if getattr(g, "security_facts_form", None) is not None:
        return g.security_facts_form
    incident = incident_of(ticket)
    values = {}
    if incident is not None:
        values = {
            name: getattr(incident, name)
            for name in ("confidentiality", "integrity", "availability", "personal_data")
        }
        values["nis2_covered"] = incident.nis2_covered
        values["aware_at"] = to_local(incident.aware_at)
    return IncidentFactsForm(formdata=None, prefix="sec", **values)


def _clock_form(kind: str) -> ClockDecisionForm:
    posted = getattr(g, "security_clock_form", None)
    if posted is not None and g.security_clock_kind == kind:
        return posted
    return ClockDecisionForm(formdata=None, prefix=kind)


def security_panel(ticket: Ticket) -> dict | None:
    """What the section shows, or None (not a security case, or not the security group)."""
    if ticket.type != TicketType.SECURITY or not sees_security_incidents(user()):
        return None
    rows = clock_rows(ticket, now=now())
    return {
        "incident": incident_of(ticket),
        "facts_form": _facts_form(ticket),
        "clocks": [(row, _clock_form(row.timer.kind) if row.open else None) for row in rows],
    }


@bp.app_context_processor
def security_globals():
    return {"security_panel": security_panel}


@bp.route("/tickets/<int:ticket_id>/security", methods=["POST"])
@staff_required
def save_security_facts(ticket_id: int):
    ticket = load_worked_ticket(ticket_id)
    form = IncidentFactsForm(prefix="sec")
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: update_facts(
                    ticket, user(), form.all_facts(), aware_at=form.aware_utc(), now=now()
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("The incident facts are saved."), "success")
            return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id) + "#security-h")
    g.security_facts_form = form
    return rerender_ticket_page(ticket)


@bp.route("/tickets/<int:ticket_id>/security/clocks/<kind>", methods=["POST"])
@staff_required
def decide_security_clock(ticket_id: int, kind: str):
    ticket = load_worked_ticket(ticket_id)
    form = ClockDecisionForm(prefix=kind)
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: decide_clock(
                    ticket,
                    user(),
                    kind,
                    outcome=form.outcome.data,
                    submitted_at=form.submitted_utc(),
                    authority_reference=form.authority_reference.data or "",
                    reason=form.reason.data or "",
                    now=now(),
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("The decision is recorded."), "success")
            return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id) + "#security-h")
    g.security_clock_form, g.security_clock_kind = form, kind
    return rerender_ticket_page(ticket)
