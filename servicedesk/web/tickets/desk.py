"""The agent desk: queues with counts, filtered lists, and working one ticket."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.boundary.uploads import has_file, save_upload
from servicedesk.domain import labels
from servicedesk.domain.catalog.lookup import active_queues, get_active_service, service_choices
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.permissions import get_visible_ticket, is_agent_for
from servicedesk.domain.routing.presence import set_away
from servicedesk.domain.routing.rerouting import reroute_ticket
from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.domain.tickets.lists import (
    my_open_count,
    queue_counts,
    user_queues,
)
from servicedesk.domain.tickets.view import page_options, view_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Status, User
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.nav import register_nav
from servicedesk.web.tickets.forms import (
    AssignForm,
    ClaimForm,
    ClassifyForm,
    FindForm,
    PresenceForm,
    ReplyForm,
    StatusForm,
    TransferForm,
    version_of,
)
from servicedesk.web.util import staff_required, user

bp = Blueprint("desk", __name__, url_prefix="/desk")
register_nav("desk.dashboard", _l("Desk"), visible=lambda u: u.is_staff, blueprint="desk", order=30)


@bp.route("/")
@staff_required
def dashboard():
    me = user()
    queues = user_queues(me)
    return render_template(
        "tickets/desk/dashboard.html",
        queues=queues,
        counts=queue_counts(me, queues, now=now()),
        mine=my_open_count(me),
        find_form=FindForm(request.args),
        presence_form=PresenceForm(),
    )


def _load(ticket_id: int):
    try:
        ticket = get_visible_ticket(user(), ticket_id, options=page_options(staff=True))
    except NotFound:
        abort(404)
    return ticket


def _status_form(ticket):
    form = StatusForm(
        version=ticket.version, status=ticket.status, pending_reason=ticket.pending_reason or ""
    )
    allowed = [ticket.status, *sorted(ticket_domain.TRANSITIONS[Status(ticket.status)])]
    form.status.choices = [(s, labels.label(labels.STATUS, s)) for s in allowed]
    return form


def _classify_form(ticket):
    return ClassifyForm(
        version=ticket.version,
        impact=ticket.impact,
        urgency=ticket.urgency,
        service=ticket.service_id or 0,
        service_choices=service_choices(current_locale_code()),
    )


def _assign_form(ticket):
    form = AssignForm(version=ticket.version, assignee=ticket.assignee_id or 0)
    members = sorted((u for u in ticket.queue.members if u.active), key=lambda u: u.name)
    form.assignee.choices = [(0, _("Nobody"))] + [(u.id, u.name) for u in members]
    return form


def _transfer_form(ticket):
    form = TransferForm(version=ticket.version)
    form.queue.choices = [(q.id, q.name) for q in active_queues() if q.id != ticket.queue_id]
    return form


# The ticket page's forms; a POST builds only the one it submits (with its choices).
FORMS = {
    "reply_form": lambda ticket: ReplyForm(),
    "status_form": _status_form,
    "classify_form": _classify_form,
    "assign_form": _assign_form,
    "claim_form": lambda ticket: ClaimForm(version=ticket.version),
    "transfer_form": _transfer_form,
}


def _forms(ticket) -> dict:
    """All of the ticket page's forms with their choices, for the GET."""
    return {name: build(ticket) for name, build in FORMS.items()}


@bp.route("/tickets/<int:ticket_id>")
@login_required
def ticket_detail(ticket_id: int):
    ticket = _load(ticket_id)
    me = user()
    if not is_agent_for(me, ticket):
        return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id))
    return render_template(
        "tickets/desk/ticket_detail.html",
        view=view_ticket(ticket, me, staff=True),
        **_forms(ticket),
    )


def _act(ticket_id: int, form_name: str, action, success: str, anchor: str = ""):
    """Validate one of the ticket page's forms, run one domain action as a unit of work,
    and redirect back (Post/Redirect/Get)."""
    ticket = _load(ticket_id)
    me = user()
    if not is_agent_for(me, ticket):
        abort(404)
    form = FORMS[form_name](ticket)
    if form.validate_on_submit():
        try:
            commit_or_error(lambda: action(ticket, me, form))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(success, "success")
    else:
        for name, errors in form.errors.items():
            field = getattr(form, name, None)
            label = field.label.text if field is not None else name
            for error in errors:
                flash(f"{label}: {error}", "error")
    if not is_agent_for(me, ticket):  # handed over where the actor no longer works it
        return redirect(url_for("desk.ticket_list"))
    return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id) + anchor)


@bp.route("/tickets/<int:ticket_id>/reply", methods=["POST"])
@staff_required
def reply(ticket_id: int):
    def action(ticket, me, form):
        comment = ticket_domain.add_comment(
            ticket, me, form.body.data, internal=bool(form.internal.data), now=now()
        )
        if has_file(form.attachment.data):
            save_upload(
                ticket, me, form.attachment.data, internal=comment.internal, comment_id=comment.id
            )

    return _act(ticket_id, "reply_form", action, _("Saved."), "#conversation")


@bp.route("/tickets/<int:ticket_id>/status", methods=["POST"])
@staff_required
def change_status(ticket_id: int):
    def action(ticket, me, form):
        ticket_domain.change_status(
            ticket,
            me,
            form.status.data,
            pending_reason=form.pending_reason.data or None,
            expected_version=version_of(form),
            now=now(),
        )

    return _act(ticket_id, "status_form", action, _("The status is saved."))


@bp.route("/tickets/<int:ticket_id>/classify", methods=["POST"])
@staff_required
def classify(ticket_id: int):
    def action(ticket, me, form):
        changes = ticket_domain.update_ticket(
            ticket,
            me,
            impact=form.impact.data,
            urgency=form.urgency.data,
            service=get_active_service(form.service.data),
            service_given=True,
            expected_version=version_of(form),
            now=now(),
        )
        if form.reroute.data and "service" in changes:
            reroute_ticket(ticket, me, now=now())

    return _act(ticket_id, "classify_form", action, _("Saved."))


@bp.route("/presence", methods=["POST"])
@staff_required
def presence():
    """Mark yourself away (no automatic assignments) or back."""
    me = user()
    if PresenceForm().validate_on_submit():
        away = not me.away
        commit_or_error(lambda: set_away(me, away, now=now()))
        flash(_("You are marked as away.") if away else _("You are marked as present."), "success")
    return redirect(url_for("desk.dashboard"))


@bp.route("/tickets/<int:ticket_id>/assign", methods=["POST"])
@staff_required
def assign(ticket_id: int):
    def action(ticket, me, form):
        assignee = db.session.get(User, form.assignee.data) if form.assignee.data else None
        ticket_domain.assign_ticket(
            ticket, me, assignee, expected_version=version_of(form), now=now()
        )

    return _act(ticket_id, "assign_form", action, _("The ticket is assigned."))


@bp.route("/tickets/<int:ticket_id>/claim", methods=["POST"])
@staff_required
def claim(ticket_id: int):
    def action(ticket, me, form):
        ticket_domain.assign_ticket(ticket, me, me, expected_version=version_of(form), now=now())

    return _act(ticket_id, "claim_form", action, _("You handle this ticket now."))


@bp.route("/tickets/<int:ticket_id>/transfer", methods=["POST"])
@staff_required
def transfer(ticket_id: int):
    def action(ticket, me, form):
        queue = db.session.get(Queue, form.queue.data)
        if queue is None:
            raise NotFound("No such queue.")
        ticket_domain.transfer_ticket(
            ticket, me, queue, reason=form.reason.data, expected_version=version_of(form), now=now()
        )

    return _act(ticket_id, "transfer_form", action, _("The ticket is transferred."))
