"""Major incident pages for agents: mark a case as major, link cases to it (one by one or
from the queue list's bulk action), the major incident's page (children, one update to
everyone affected, workaround, problem record, timeline, resolve), the desk's panel of
suggestions, and the admins' thresholds."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.catalog.lookup import get_active_service, service_choices
from servicedesk.domain.changes import problems as problem_domain
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.major import incidents as domain
from servicedesk.domain.major import suggestions as suggest
from servicedesk.domain.major.timeline import timeline
from servicedesk.domain.notices.notices import notices_of_major
from servicedesk.domain.permissions import get_visible_ticket, is_agent_for
from servicedesk.infra.extensions import db
from servicedesk.models import MajorIncident, Problem, Role, Service
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.major.forms import (
    DeclareForm,
    LinkChildForm,
    LinkToMajorForm,
    ProblemLinkForm,
    RemoveThresholdForm,
    ThresholdForm,
    UnlinkForm,
    UpdateForm,
    WorkaroundForm,
)
from servicedesk.web.nav import register_nav
from servicedesk.web.tickets.resolution import load_worked_ticket
from servicedesk.web.util import form_error, staff_required, user

bp = Blueprint("major", __name__)
register_nav(
    "major.thresholds",
    _l("Major incident thresholds"),
    visible=lambda u: u.has_role(Role.ADMIN),
    blueprint="major",
    order=95,
    group="admin",
)


# --- On other pages ----------------------------------------------------------------------


@bp.app_template_global()
def major_for_ticket(ticket) -> dict:
    """The staff ticket page's major incident box: what the case is, and the forms."""
    major, parent, count = domain.major_role(ticket)
    return {
        "major": major,
        "parent": parent,
        "count": count,
        "declare_form": DeclareForm(formdata=None),
        "link_form": LinkToMajorForm(formdata=None),
    }


@bp.app_template_global()
def major_updates_for(ticket):
    """The requester's page: the updates and workaround of the case's major incident."""
    return domain.updates_for(ticket)


@bp.app_template_global()
def major_desk_panel() -> dict:
    me = user()
    return {"suggestions": suggest.suggestions(me, now=now()), "majors": domain.open_majors(me)}


# --- The ticket page's actions -----------------------------------------------------------


@bp.route("/desk/tickets/<int:ticket_id>/major", methods=["POST"])
@staff_required
def declare(ticket_id: int):
    ticket = load_worked_ticket(ticket_id)
    if not DeclareForm().validate_on_submit():
        abort(400)
    try:
        major = commit_or_error(lambda: domain.declare_major(ticket, user(), now=now()))
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id) + "#major")
    flash(
        _(
            "%(ref)s is a major incident. Link the other cases and tell those affected.",
            ref=ticket.reference,
        ),
        "success",
    )
    return redirect(url_for("major.detail", major_id=major.id))


@bp.route("/desk/tickets/<int:ticket_id>/major-link", methods=["POST"])
@staff_required
def link_to_major(ticket_id: int):
    """From a case's page: link it to the major incident whose number is typed."""
    ticket = load_worked_ticket(ticket_id)
    form = LinkToMajorForm()
    if form.validate_on_submit():

        def action():
            major = domain.major_by_reference(user(), form.major.data)
            domain.link_child(major, ticket, user(), now=now())
            return major

        try:
            major = commit_or_error(action)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Linked to the major incident %(ref)s.", ref=major.ticket.reference), "success")
    return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id) + "#major")


# --- The major incident's page -------------------------------------------------------------


def _load(major_id: int) -> MajorIncident:
    try:
        return domain.get_visible_major(user(), major_id)
    except NotFound:
        abort(404)


def _page(major: MajorIncident, *, status: int = 200, **forms):
    works = is_agent_for(user(), major.ticket)
    defaults = {
        "child_form": LinkChildForm(formdata=None),
        "update_form": UpdateForm(formdata=None),
        "workaround_form": WorkaroundForm(formdata=None, workaround=major.workaround),
        "problem_form": ProblemLinkForm(formdata=None),
        "unlink_form": UnlinkForm(formdata=None),
    }
    defaults.update(forms)
    html = render_template(
        "major/detail.html",
        major=major,
        ticket=major.ticket,
        children=domain.children(major, user()),
        hidden_children=domain.child_count(major) - len(domain.children(major, user())),
        timeline=timeline(major),
        works=works,
        open=major.ticket.status in ("new", "open", "pending"),
        linked_notices=notices_of_major(major.ticket),
        **defaults,
    )
    return html, status


@bp.route("/desk/major/<int:major_id>")
@staff_required
def detail(major_id: int):
    return _page(_load(major_id))


def _post(major_id: int, form, action, done: str, form_name: str):
    """One form of the major page: the action in one unit of work, then back to the page;
    refused, the page again with the error next to the field and the text kept."""
    major = _load(major_id)
    if not is_agent_for(user(), major.ticket):
        abort(404)
    if form.validate_on_submit():
        try:
            commit_or_error(lambda: action(major))
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(done, "success")
            return redirect(url_for("major.detail", major_id=major.id))
    return _page(_load(major_id), status=422, **{form_name: form})


@bp.route("/desk/major/<int:major_id>/children", methods=["POST"])
@staff_required
def link_child(major_id: int):
    form = LinkChildForm()

    def action(major):
        child = domain.resolve_child_reference(user(), form.child.data)
        domain.link_child(major, child, user(), now=now())

    return _post(major_id, form, action, _("The case is linked."), "child_form")


@bp.route("/desk/major/<int:major_id>/children/<int:ticket_id>/unlink", methods=["POST"])
@staff_required
def unlink_child(major_id: int, ticket_id: int):
    form = UnlinkForm()

    def action(major):
        child = get_visible_ticket(user(), ticket_id)
        domain.unlink_child(major, child, user(), now=now())

    return _post(major_id, form, action, _("The case is unlinked."), "unlink_form")


@bp.route("/desk/major/<int:major_id>/update", methods=["POST"])
@staff_required
def update(major_id: int):
    form = UpdateForm()
    return _post(
        major_id,
        form,
        lambda major: domain.post_update(major, user(), form.body.data or "", now=now()),
        _("The update is sent to everyone affected."),
        "update_form",
    )


@bp.route("/desk/major/<int:major_id>/workaround", methods=["POST"])
@staff_required
def workaround(major_id: int):
    form = WorkaroundForm()
    return _post(
        major_id,
        form,
        lambda major: domain.set_workaround(major, user(), form.workaround.data or "", now=now()),
        _("The workaround is saved."),
        "workaround_form",
    )


@bp.route("/desk/major/<int:major_id>/problem", methods=["POST"])
@staff_required
def link_problem(major_id: int):
    form = ProblemLinkForm()

    def action(major):
        reference = (form.reference.data or "").strip()
        if reference:
            problem_id = problem_domain.parse_problem_reference(reference)
            problem = db.session.get(Problem, problem_id) if problem_id else None
            if problem is None:
                raise DomainError(
                    _("No problem with number %(ref)s.", ref=reference), field="reference"
                )
        else:
            problem = problem_domain.create_problem(
                user(), title=major.ticket.title, description=major.ticket.description, now=now()
            )
        domain.link_problem(major, user(), problem, now=now())

    return _post(major_id, form, action, _("The problem record is linked."), "problem_form")


# --- Admins: thresholds that suggest a major incident ----------------------------------------


def _admin():
    me = user()
    if not me.has_role(Role.ADMIN):
        abort(403)
    return me


def _thresholds_page(form=None, status: int = 200):
    form = form or ThresholdForm(formdata=None)
    form.service.choices = service_choices(current_locale_code())
    page = render_template(
        "major/thresholds.html",
        form=form,
        thresholds=suggest.thresholds(),
        remove_form=RemoveThresholdForm(formdata=None),
    )
    return page, status


@bp.route("/admin/major-thresholds", methods=["GET", "POST"])
@login_required
def thresholds():
    me = _admin()
    if request.method == "GET":
        return _thresholds_page()
    form = ThresholdForm()
    form.service.choices = service_choices(current_locale_code())
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: suggest.set_threshold(
                    me,
                    get_active_service(form.service.data),
                    form.count.data,
                    form.minutes.data,
                    now=now(),
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("The threshold is saved."), "success")
            return redirect(url_for("major.thresholds"))
    return _thresholds_page(form, 422)


@bp.route("/admin/major-thresholds/<int:service_id>/remove", methods=["POST"])
@login_required
def remove_threshold(service_id: int):
    me = _admin()
    service = db.session.get(Service, service_id)
    if service is None:
        abort(404)
    if RemoveThresholdForm().validate_on_submit():
        commit_or_error(lambda: suggest.remove_threshold(me, service, now=now()))
        flash(_("The threshold is removed."), "success")
    return redirect(url_for("major.thresholds"))
