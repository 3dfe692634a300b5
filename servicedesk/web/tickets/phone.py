"""A phone call logged by an agent as a case in the caller's name."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from servicedesk.boundary.unit_of_work import commit_or_error
from servicedesk.domain.catalog.lookup import service_choices
from servicedesk.domain.errors import DomainError
from servicedesk.domain.identity.users import find_user_by_email
from servicedesk.models import Channel
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.tickets.desk import bp
from servicedesk.web.tickets.forms import PhoneTicketForm
from servicedesk.web.tickets.uploads import file_ticket_from_form
from servicedesk.web.util import apply_domain_error, staff_required, user


@bp.route("/phone", methods=["GET", "POST"])
@staff_required
def phone_ticket():
    """Log a phone call as a case in the caller's name."""
    me = user()
    form = PhoneTicketForm(service_choices=service_choices(current_locale_code()))
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
    return render_template("tickets/desk/phone_ticket.html", form=form)
