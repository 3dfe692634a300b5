"""The employee portal: file a case, follow my cases, reply, reopen, confirm."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.boundary.uploads import has_file, save_upload
from servicedesk.domain.catalog.lookup import service_choices
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.permissions import get_visible_ticket
from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.domain.tickets.lists import TicketFilter, list_tickets
from servicedesk.domain.tickets.view import page_options, view_ticket
from servicedesk.models import Channel, Status
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.nav import register_nav
from servicedesk.web.tickets.answer_forms import ResolutionAnswerForm
from servicedesk.web.tickets.forms import NewTicketForm, ReplyForm
from servicedesk.web.tickets.uploads import file_ticket_from_form
from servicedesk.web.util import apply_domain_error, int_arg, user

bp = Blueprint("portal", __name__, url_prefix="/portal")
register_nav("portal.home", _l("My cases"), visible=lambda u: True, blueprint="portal", order=10)
register_nav("portal.new_ticket", _l("New case"), visible=lambda u: True, blueprint="", order=20)


@bp.route("/")
@login_required
def home():
    me = user()
    page = list_tickets(
        me,
        TicketFilter(requester_id=me.id, statuses=(), sort="updated"),
        page=int_arg("page", 1) or 1,
        per_page=20,
        now=now(),
    )
    return render_template("tickets/portal/home.html", page=page)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_ticket():
    me = user()
    form = NewTicketForm(service_choices=service_choices(current_locale_code()))
    if form.validate_on_submit():
        try:
            ticket = commit_or_error(
                lambda: file_ticket_from_form(form, requester=me, actor=me, channel=Channel.PORTAL)
            )
        except DomainError as exc:
            message = apply_domain_error(form, exc)
            if message:
                flash(message, "error")
        else:
            flash(_("Thank you. Your case %(ref)s is registered.", ref=ticket.reference), "success")
            return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id))
    return render_template("tickets/portal/ticket_new.html", form=form)


def _load(ticket_id: int):
    try:
        return get_visible_ticket(user(), ticket_id, options=page_options())
    except NotFound:
        abort(404)


def _render_ticket(ticket, resolution_form: ResolutionAnswerForm | None = None):
    view = view_ticket(ticket, user(), requester_view=True)
    # Only the forms the page shows for this status: "is your problem solved?" on a
    # resolved case, the reply form until it is closed.
    if resolution_form is None and ticket.status == Status.RESOLVED:
        resolution_form = ResolutionAnswerForm(formdata=None)
    return render_template(
        "tickets/portal/ticket_detail.html",
        view=view,
        reply_form=ReplyForm(formdata=None) if ticket.status != Status.CLOSED else None,
        resolution_form=resolution_form,
    )


@bp.route("/tickets/<int:ticket_id>")
@login_required
def ticket_detail(ticket_id: int):
    return _render_ticket(_load(ticket_id))


@bp.route("/tickets/<int:ticket_id>/reply", methods=["POST"])
@login_required
def reply(ticket_id: int):
    ticket = _load(ticket_id)
    me = user()
    form = ReplyForm()
    if form.validate_on_submit():

        def do_reply():
            comment = ticket_domain.add_comment(
                ticket, me, form.body.data, internal=False, now=now()
            )
            if has_file(form.attachment.data):
                save_upload(ticket, me, form.attachment.data, comment_id=comment.id)
            return comment

        try:
            commit_or_error(do_reply)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Your message was sent."), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id) + "#conversation")


@bp.route("/tickets/<int:ticket_id>/resolution", methods=["POST"])
@login_required
def answer_resolution(ticket_id: int):
    """The requester's answer on a resolved case: yes closes it, no reopens it with the
    reason (required). A refused answer shows the page again with the error next to the
    field and the text kept."""
    ticket = _load(ticket_id)
    form = ResolutionAnswerForm()
    if form.validate_on_submit():
        me = user()
        if form.answer.data == "yes":
            action, done = (
                lambda: ticket_domain.confirm_resolution(ticket, me, now=now()),
                _("Thank you. The case is closed."),
            )
        else:
            action, done = (
                lambda: ticket_domain.reopen_ticket(
                    ticket, me, note=form.reason.data or "", now=now()
                ),
                _("The case is reopened."),
            )
        try:
            commit_or_error(action)
        except DomainError as exc:
            message = apply_domain_error(form, exc)
            if message:
                flash(message, "error")
        else:
            flash(done, "success")
            return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id))
    if ticket.status != Status.RESOLVED:  # answered meanwhile (closed, or reopened)
        return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id))
    return _render_ticket(_load(ticket_id), form), 422
