"""A phone call logged by an agent as a case in the caller's name: find the caller (by
name, e-mail address, phone or employee number), see their open cases, file for them."""

from __future__ import annotations

from dataclasses import asdict

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.catalog.lookup import service_choices
from servicedesk.domain.errors import DomainError
from servicedesk.domain.identity.people import find_people, get_caller, open_cases_of
from servicedesk.domain.identity.users import find_user_by_email
from servicedesk.models import Channel
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.tickets.desk import bp
from servicedesk.web.tickets.forms import PhoneTicketForm
from servicedesk.web.tickets.uploads import file_ticket_from_form
from servicedesk.web.util import apply_domain_error, int_arg, staff_required, user


@bp.route("/people")
@staff_required
def people():
    """People matching `q`, for the phone form's caller search (JSON, staff only)."""
    found = find_people(user(), request.args.get("q", ""))
    return jsonify({"people": [asdict(person) for person in found]})


@bp.route("/phone", methods=["GET", "POST"])
@staff_required
def phone_ticket():
    """Log a phone call as a case in the caller's name."""
    me = user()
    caller = get_caller(me, int_arg("caller_id"))
    form = PhoneTicketForm(service_choices=service_choices(current_locale_code()))
    if caller is not None and not form.is_submitted():
        form.requester_email.data = caller.email
    if form.validate_on_submit():
        requester = find_user_by_email(form.requester_email.data)
        if requester is None or not requester.active:
            form.requester_email.errors = [_("No active user has that e-mail address.")]
        else:
            try:
                ticket = commit_or_error(
                    lambda: file_ticket_from_form(
                        form, requester=requester, actor=me, channel=Channel.PHONE
                    )
                )
            except DomainError as exc:
                message = apply_domain_error(form, exc)
                if message:
                    flash(message, "error")
            else:
                flash(_("Case %(ref)s is registered.", ref=ticket.reference), "success")
                return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id))
    query = request.args.get("caller", "").strip()[:100]
    cases, case_total = open_cases_of(me, caller, now=now()) if caller else ([], 0)
    return render_template(
        "tickets/desk/phone_ticket.html",
        form=form,
        caller=caller,
        query=query,
        people=find_people(me, query) if query and caller is None else None,
        cases=cases,
        case_total=case_total,
    )
