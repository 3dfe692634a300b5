"""The agent desk: queues with counts, filtered lists, and working one ticket."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.boundary.uploads import has_file, save_upload
from servicedesk.domain import labels
from servicedesk.domain.catalog.lookup import active_queues, get_active_service, service_choices
from servicedesk.domain.errors import DomainError, NotFound, StaleVersion
from servicedesk.domain.permissions import get_visible_ticket, is_agent_for
from servicedesk.domain.routing.presence import set_away
from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.domain.tickets.edit import (
    TicketEdit,
    edit_ticket,
    panel_statuses,
    parse_tags,
    tags_of,
)
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
    ClaimForm,
    ComposerForm,
    PresenceForm,
    TicketPanelForm,
    impact_choices,
    urgency_choices,
    version_of,
)
from servicedesk.web.tickets.uploads import refused_upload_form
from servicedesk.web.util import apply_domain_error, staff_required, user

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
        presence_form=PresenceForm(),
    )


def _load(ticket_id: int):
    try:
        ticket = get_visible_ticket(user(), ticket_id, options=page_options(staff=True))
    except NotFound:
        abort(404)
    return ticket


def _worked_ticket(ticket_id: int):
    """The ticket and the acting agent for a POST of the ticket page (404 for anyone else)."""
    ticket = _load(ticket_id)
    me = user()
    if not is_agent_for(me, ticket):
        abort(404)
    return ticket, me


def _posted(posted: bool) -> dict:
    """A form reads the request (its fields and files) only when it is the one posted."""
    return {} if posted else {"formdata": None}


def _panel_values(ticket) -> dict:
    return {
        "status": ticket.status,
        "pending_reason": ticket.pending_reason or "",
        "assignee": ticket.assignee_id or 0,
        "queue": ticket.queue_id,
        "service": ticket.service_id or 0,
        "impact": ticket.impact,
        "urgency": ticket.urgency,
        "tags": ", ".join(tags_of(ticket)),
    }


def _panel_form(ticket, *, posted: bool = False) -> TicketPanelForm:
    """The side panel with the ticket's values (or what was posted) and its choices; `seen`
    carries the values it was shown with, so a refused stale save can tell the fields the
    agent changed from those someone else changed meanwhile."""
    values = _panel_values(ticket)
    form = TicketPanelForm(
        **_posted(posted), version=ticket.version, seen=urlencode(values), **values
    )
    form.status.choices = [(s, labels.label(labels.STATUS, s)) for s in panel_statuses(ticket)]
    members = {u.id: u for u in ticket.queue.members if u.active}
    if ticket.assignee is not None:  # held by someone outside the queue: keep them
        members.setdefault(ticket.assignee.id, ticket.assignee)
    people = sorted(members.values(), key=lambda u: u.name)
    form.assignee.choices = [(0, _("Nobody"))] + [(u.id, u.name) for u in people]
    queues = [(q.id, q.name) for q in active_queues()]
    if ticket.queue_id not in {q for q, _name in queues}:  # an inactive queue still holding it
        queues.insert(0, (ticket.queue_id, ticket.queue.name))
    form.queue.choices = queues
    form.service.choices = [(0, "—")] + service_choices(current_locale_code())
    form.impact.choices = impact_choices()
    form.urgency.choices = urgency_choices()
    return form


def _composer_form(ticket, *, posted: bool = False, **kwargs) -> ComposerForm:
    start = "internal" if ticket.queue.default_internal_note else "public"
    return ComposerForm(**_posted(posted), audience=start, **kwargs)


def refused_reply_page(ticket_id: int):
    """The ticket page after a reply over MAX_CONTENT_LENGTH: 413, the draft and the tab
    kept, the error next to the file field (the desk's 413 handler calls it)."""
    ticket, me = _worked_ticket(ticket_id)
    form = refused_upload_form(
        lambda formdata: _composer_form(ticket, posted=True, formdata=formdata)
    )
    return _page(ticket, me, composer=form, status=413)


def _page(ticket, me, *, panel=None, composer=None, status: int = 200):
    """The staff ticket page; a form given is re-shown as posted (with its errors)."""
    editable = ticket.status != Status.CLOSED
    if editable and panel is None:
        panel = _panel_form(ticket)
    if editable and composer is None:
        composer = _composer_form(ticket)
    claim = editable and ticket.assignee_id != me.id
    html = render_template(
        "tickets/desk/ticket_detail.html",
        view=view_ticket(ticket, me, staff=True),
        panel=panel,
        composer=composer,
        claim_form=ClaimForm(formdata=None, version=ticket.version) if claim else None,
    )
    return html, status


def render_ticket_page(ticket, me, *, status: int = 200):
    """The ticket page again for another area's refused POST (resolve, macro): the composer
    keeps the draft that came with the post."""
    composer = _composer_form(ticket, posted=True) if ticket.status != Status.CLOSED else None
    return _page(ticket, me, composer=composer, status=status)


@bp.route("/tickets/<int:ticket_id>")
@login_required
def ticket_detail(ticket_id: int):
    ticket = _load(ticket_id)
    me = user()
    if not is_agent_for(me, ticket):
        return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id))
    return _page(ticket, me)


def _edit_from(form: TicketPanelForm) -> TicketEdit:
    assignee = db.session.get(User, form.assignee.data) if form.assignee.data else None
    queue = db.session.get(Queue, form.queue.data)
    if queue is None:
        raise NotFound(_("No such queue."))
    return TicketEdit(
        status=form.status.data,
        pending_reason=form.pending_reason.data or None,
        assignee=assignee,
        queue=queue,
        transfer_reason=form.transfer_reason.data or "",
        service=get_active_service(form.service.data),
        impact=form.impact.data,
        urgency=form.urgency.data,
        tags=parse_tags(form.tags.data),
        reroute=bool(form.reroute.data),
    )


# Domain field names that the panel shows under another name.
PANEL_FIELDS = {"reason": "transfer_reason"}


def _panel_error(form: TicketPanelForm, exc: DomainError) -> None:
    """Each message next to its field; one without a field goes to the top of the panel."""
    fields = getattr(exc, "fields", None) or {exc.field: [exc.message]}
    for name, messages in fields.items():
        target = getattr(form, PANEL_FIELDS.get(name, name or ""), None)
        if target is None or name is None:
            form.form_errors.extend(messages)
        else:
            target.errors = [*target.errors, *messages]


@bp.route("/tickets/<int:ticket_id>/edit", methods=["POST"])
@staff_required
def save_ticket(ticket_id: int):
    """The side panel's one save: every changed field, all or nothing, under the version
    the agent saw."""
    ticket, me = _worked_ticket(ticket_id)
    form = _panel_form(ticket, posted=True)
    valid = form.validate_on_submit()
    if not form.csrf_token.errors and version_of(form) != ticket.version:
        return _stale(ticket, me, form)  # before the choices, which follow the new state
    if valid:
        try:
            changed = commit_or_error(
                lambda: edit_ticket(
                    ticket, me, _edit_from(form), version=version_of(form), now=now()
                )
            )
        except StaleVersion:  # saved by someone else between the check and the lock
            return _stale(ticket, me, form)
        except DomainError as exc:
            _panel_error(form, exc)
        else:
            flash(_("Saved.") if changed else _("Nothing was changed."), "success")
            if not is_agent_for(me, ticket):  # handed over where the actor no longer works
                return redirect(url_for("desk.ticket_list"))
            return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id))
    return _page(ticket, me, panel=form, status=422)


def _stale(ticket, me, form: TicketPanelForm):
    """Refuse the whole save. The panel keeps what the agent changed and shows the current
    value of every field they left alone (someone else's change is not undone by saving
    again), with the current version: saving again is a deliberate choice."""
    seen = dict(parse_qsl(form.seen.data or "", keep_blank_values=True))
    current = _panel_values(ticket)
    for name, value in current.items():
        field = form[name]
        field.errors = []
        posted = field.raw_data[0] if field.raw_data else None
        if posted is None or posted == seen.get(name):
            field.data = value
    form.reroute.errors = form.transfer_reason.errors = []
    form.form_errors.append(
        _(
            "Someone else changed this case after you opened it, so nothing was saved. "
            "Their change is shown on the page and in the fields you left alone; your own "
            "changes are kept here. Check them and save again."
        )
    )
    form.version.data = str(ticket.version)
    form.seen.data = urlencode(current)
    return _page(ticket, me, panel=form, status=409)


@bp.route("/tickets/<int:ticket_id>/reply", methods=["POST"])
@staff_required
def reply(ticket_id: int):
    """A reply to the requester or an internal note, with an optional file."""
    ticket, me = _worked_ticket(ticket_id)
    form = _composer_form(ticket, posted=True)
    if form.validate_on_submit():

        def action():
            comment = ticket_domain.add_comment(
                ticket, me, form.body.data, internal=form.internal, now=now()
            )
            if has_file(form.attachment.data):
                save_upload(
                    ticket,
                    me,
                    form.attachment.data,
                    internal=comment.internal,
                    comment_id=comment.id,
                )

        try:
            commit_or_error(action)
        except DomainError as exc:
            message = apply_domain_error(form, exc)
            if message:
                form.form_errors.append(message)
        else:
            flash(_("Internal note saved.") if form.internal else _("Reply sent."), "success")
            return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id) + "#conversation")
    return _page(ticket, me, composer=form, status=422)


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


@bp.route("/tickets/<int:ticket_id>/claim", methods=["POST"])
@staff_required
def claim(ticket_id: int):
    """Take the ticket: one click (or the key c) on the ticket page."""
    ticket, me = _worked_ticket(ticket_id)
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: ticket_domain.assign_ticket(
                    ticket, me, me, expected_version=version_of(form), now=now()
                )
            )
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("You handle this ticket now."), "success")
    return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id))
