"""A phone call logged by an agent as a case in the caller's name: find the caller (by
name, e-mail address, phone or employee number), see their open cases, file for them."""

from __future__ import annotations

from dataclasses import asdict

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from servicedesk.boundary.unit_of_work import now
from servicedesk.domain.catalog.lookup import service_choices
from servicedesk.domain.identity.people import find_people, get_caller, open_cases_of
from servicedesk.domain.identity.users import find_user_by_email
from servicedesk.models import Channel
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.tickets.desk import bp, refused_reply_page
from servicedesk.web.tickets.forms import PhoneTicketForm
from servicedesk.web.tickets.uploads import file_or_keep, refused_upload_form, state_file_rules
from servicedesk.web.util import int_arg, staff_required, user


@bp.route("/people")
@staff_required
def people():
    """People matching `q`, for the phone form's caller search (JSON, staff only)."""
    found = find_people(user(), request.args.get("q", ""))
    return jsonify({"people": [asdict(person) for person in found]})


def _phone_form(**kwargs) -> PhoneTicketForm:
    form = PhoneTicketForm(service_choices=service_choices(current_locale_code()), **kwargs)
    state_file_rules(form.attachment)
    return form


@bp.route("/phone", methods=["GET", "POST"])
@staff_required
def phone_ticket():
    """Log a phone call as a case in the caller's name."""
    me = user()
    caller = get_caller(me, int_arg("caller_id"))
    form = _phone_form()
    if caller is not None and not form.is_submitted():
        form.requester_email.data = caller.email
    if form.validate_on_submit():
        requester = find_user_by_email(form.requester_email.data)
        if requester is None or not requester.active:
            form.requester_email.errors = [_("No active user has that e-mail address.")]
        else:
            ticket = file_or_keep(form, requester=requester, actor=me, channel=Channel.PHONE)
            if ticket is not None:
                flash(_("Case %(ref)s is registered.", ref=ticket.reference), "success")
                return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id))
    return _phone_page(form, caller)


def _phone_page(form: PhoneTicketForm, caller, status: int = 200):
    me = user()
    query = request.args.get("caller", "").strip()[:100]
    cases, case_total = open_cases_of(me, caller, now=now()) if caller else ([], 0)
    page = render_template(
        "tickets/desk/phone_ticket.html",
        form=form,
        caller=caller,
        query=query,
        people=find_people(me, query) if query and caller is None else None,
        cases=cases,
        case_total=case_total,
    )
    return page, status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge):
    """A desk post over MAX_CONTENT_LENGTH (the phone form's or the composer's files): the
    form again, status 413, with the text typed and the error next to the file field, as
    the portal does (`uploads.refused_upload_form`); not a dead-end error page."""
    if request.endpoint == "desk.phone_ticket":
        caller = get_caller(user(), int_arg("caller_id"))
        return _phone_page(refused_upload_form(_phone_form), caller, 413)
    if request.endpoint == "desk.reply":
        return refused_reply_page(request.view_args["ticket_id"])
    return exc
