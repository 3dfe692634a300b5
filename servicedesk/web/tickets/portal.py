"""The employee portal: file a case, follow my cases, reply, reopen, confirm."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.boundary.uploads import (
    chosen_files,
    save_uploads,
)
from servicedesk.domain.catalog.lookup import get_active_service, search_services, service_choices
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.permissions import get_visible_ticket
from servicedesk.domain.sla.expected import answer_due_text, expected_answer_text
from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.domain.tickets.lists import TicketFilter, list_tickets
from servicedesk.domain.tickets.view import page_options, view_ticket
from servicedesk.models import Channel, Status
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.nav import register_nav
from servicedesk.web.tickets.answer_forms import ResolutionAnswerForm
from servicedesk.web.tickets.forms import NewTicketForm, PortalReplyForm
from servicedesk.web.tickets.uploads import file_or_keep, refused_upload_form, state_file_rules
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


def _new_form(**kwargs) -> NewTicketForm:
    form = NewTicketForm(service_choices=service_choices(current_locale_code()), **kwargs)
    state_file_rules(form.attachment)
    return form


def _new_page(form: NewTicketForm, status: int = 200):
    expected = _expected_text(form.service.data, form.impact.data, form.urgency.data)
    page = render_template("tickets/portal/ticket_new.html", form=form, expected=expected)
    return page, status


def _expected_text(service_id, impact, urgency) -> str:
    def level(value) -> int:
        return value if isinstance(value, int) and 1 <= value <= 3 else 3

    service = get_active_service(service_id if isinstance(service_id, int) else None)
    return expected_answer_text(service, level(impact), level(urgency))


@bp.route("/services/search")
@login_required
def search_services_json():
    """The new-case form's service search: ids of the services whose name, description or
    keywords match (js/portal.js narrows the list to them)."""
    query = request.args.get("q", "")[:200]
    ids = search_services(query)
    message = (
        ngettext("%(num)d service matches.", "%(num)d services match.", len(ids))
        if query.strip()
        else ""
    )
    return jsonify({"ids": ids, "message": message})


@bp.route("/expected-answer")
@login_required
def expected_answer_json():
    """When a case of the chosen service at the chosen impact and urgency gets its first
    answer, as the form says it (js/portal.js updates the text on every change)."""
    text = _expected_text(
        int_arg("service", None), int_arg("impact", 3, high=3), int_arg("urgency", 3, high=3)
    )
    return jsonify({"text": text})


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_ticket():
    me = user()
    form = _new_form()
    if form.validate_on_submit():
        ticket = file_or_keep(form, requester=me, actor=me, channel=Channel.PORTAL)
        if ticket is not None:
            flash(_("Thank you. Your case %(ref)s is registered.", ref=ticket.reference), "success")
            return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id))
    return _new_page(form)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge):
    """A post over MAX_CONTENT_LENGTH (the files of one post, with room for the text):
    instead of a dead-end 413 page the form comes back, status 413, with an error next to
    the file field and the text typed (`uploads.refused_upload_form`)."""
    if request.endpoint == "portal.new_ticket":
        return _new_page(refused_upload_form(_new_form), 413)
    if request.endpoint == "portal.reply":
        ticket = _load(request.view_args["ticket_id"])
        return _detail_page(ticket, refused_upload_form(PortalReplyForm), 413)
    return exc


def _load(ticket_id: int):
    try:
        return get_visible_ticket(user(), ticket_id, options=page_options())
    except NotFound:
        abort(404)


def _detail_page(
    ticket,
    reply_form: PortalReplyForm | None = None,
    status: int = 200,
    resolution_form: ResolutionAnswerForm | None = None,
):
    view = view_ticket(ticket, user(), requester_view=True)
    # Only the forms the page shows for this status: "is your problem solved?" on a
    # resolved case, the reply form until it is closed.
    if resolution_form is None and ticket.status == Status.RESOLVED:
        resolution_form = ResolutionAnswerForm(formdata=None)
    if ticket.status == Status.CLOSED:
        reply_form = None
    else:
        if reply_form is None:
            reply_form = PortalReplyForm(formdata=None)
        state_file_rules(reply_form.attachment)
    page = render_template(
        "tickets/portal/ticket_detail.html",
        view=view,
        answer_due=answer_due_text(ticket),
        reply_form=reply_form,
        resolution_form=resolution_form,
    )
    return page, status


@bp.route("/tickets/<int:ticket_id>")
@login_required
def ticket_detail(ticket_id: int):
    return _detail_page(_load(ticket_id))


@bp.route("/tickets/<int:ticket_id>/reply", methods=["POST"])
@login_required
def reply(ticket_id: int):
    """A reply with its files as one unit of work; a refused reply shows the page again
    with the message kept and the error next to its field."""
    ticket = _load(ticket_id)
    me = user()
    form = PortalReplyForm()
    if form.validate_on_submit():

        def do_reply():
            comment = ticket_domain.add_comment(
                ticket, me, form.body.data, internal=False, now=now()
            )
            files = chosen_files(form.attachment.data)
            if files:
                save_uploads(ticket, me, files, comment_id=comment.id)
            return comment

        try:
            commit_or_error(do_reply)
        except DomainError as exc:
            message = apply_domain_error(form, exc)
            if message:
                flash(message, "error")
        else:
            flash(_("Your message was sent."), "success")
            return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id) + "#conversation")
    return _detail_page(ticket, form, 422 if form.errors else 200)


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
    return _detail_page(_load(ticket_id), status=422, resolution_form=form)
