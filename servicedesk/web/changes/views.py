"""Change requests for staff: list, form, detail with transitions, approvals and review."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.catalog.lookup import service_choices
from servicedesk.domain.changes import (
    approvals as change_approvals,
)
from servicedesk.domain.changes import (
    links as change_links,
)
from servicedesk.domain.changes import state as change_state
from servicedesk.domain.changes import (
    workflow as changes,
)
from servicedesk.domain.changes.conflicts import conflicts_for
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.labels import CHANGE_STATE
from servicedesk.domain.permissions import change_visibility, get_visible_change
from servicedesk.domain.tickets.lists import find_by_reference
from servicedesk.infra.extensions import db
from servicedesk.models import Change, ChangeHistory, ChangeService, Role, Service, User, UserRole
from servicedesk.web.changes.common import bp
from servicedesk.web.changes.forms import (
    ChangeForm,
    DecisionForm,
    ReviewForm,
    TransitionForm,
    to_local,
)
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.tickets.forms import version_of
from servicedesk.web.util import (
    form_error,
    form_status,
    int_arg,
    staff_required,
    user,
)

LIST_LIMIT = 200


def staff_choices() -> list[tuple[int, str]]:
    stmt = (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role.in_([Role.AGENT, Role.ADMIN]), User.active)
        .distinct()
        .order_by(User.name)
    )
    return [(u.id, u.name) for u in db.session.scalars(stmt)]


def load_change(change_id: int) -> Change:
    """The change, if the current user may see it; else 404."""
    try:
        return get_visible_change(user(), change_id)
    except NotFound:
        abort(404)


@bp.route("/")
@staff_required
def change_list():
    stmt = select(Change).where(change_visibility(user()))
    state = request.args.get("state", "open")
    if state == "open":
        stmt = stmt.where(Change.state.in_([s.value for s in change_state.OPEN_STATES]))
    elif state in CHANGE_STATE:
        stmt = stmt.where(Change.state == state)
    service_id = int_arg("service")
    if service_id:
        touching = select(ChangeService.change_id).where(ChangeService.service_id == service_id)
        stmt = stmt.where(Change.id.in_(touching))
    kind = request.args.get("kind", "")
    if kind in ("standard", "normal", "emergency"):
        stmt = stmt.where(Change.kind == kind)
    text = request.args.get("q", "").strip()[:200]
    if text:
        ref = change_links.parse_change_reference(text)
        stmt = stmt.where(or_(Change.title.ilike(f"%{text}%"), Change.id == (ref or -1)))
    rows = db.session.scalars(stmt.order_by(Change.id.desc()).limit(LIST_LIMIT)).all()
    return render_template(
        "changes/list.html",
        changes=rows,
        services=service_choices(current_locale_code()),
        args=request.args,
        state=state,
    )


def _change_form(change: Change | None) -> ChangeForm:
    if change is None or request.method == "POST":
        form = ChangeForm()
    else:
        form = ChangeForm(obj=change)
        form.services.data = [s.id for s in change.services]
        form.owner.data = change.owner_id
        form.version.data = change.version
        form.planned_start.data = to_local(change.planned_start)
        form.planned_end.data = to_local(change.planned_end)
        form.risk_likelihood.data = change.risk_likelihood or 0
        form.risk_impact.data = change.risk_impact or 0
    form.services.choices = service_choices(current_locale_code())
    form.owner.choices = staff_choices()
    if change is None and request.method != "POST":
        form.owner.data = user().id
    return form


def _selected_services(form: ChangeForm) -> list[Service]:
    ids = form.services.data or []
    return list(db.session.scalars(select(Service).where(Service.id.in_(ids)))) if ids else []


def _save(form: ChangeForm, change: Change | None):
    me = user()
    owner = db.session.get(User, form.owner.data) if form.owner.data else None
    services = _selected_services(form)
    if change is None:
        return changes.create_change(me, owner=owner, services=services, now=now(), **form.values())
    changes.update_change(
        change,
        me,
        owner=owner,
        services=services,
        expected_version=version_of(form),
        now=now(),
        **form.values(),
    )
    return change


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def change_new():
    return _edit(None)


@bp.route("/<int:change_id>/edit", methods=["GET", "POST"])
@staff_required
def change_edit(change_id: int):
    change = load_change(change_id)
    try:
        changes.check_may_edit(change, user())
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("changes.change_detail", change_id=change.id))
    return _edit(change)


def _edit(change: Change | None):
    form = _change_form(change)
    missing = request.args.getlist("missing")
    for name in missing:
        field = getattr(form, name, None)
        if field is not None and request.method == "GET":
            field.errors = [_("Needed before the change can be submitted.")]
    if form.validate_on_submit():
        try:
            saved = commit_or_error(lambda: _save(form, change))
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Change %(ref)s is saved.", ref=saved.reference), "success")
            return redirect(url_for("changes.change_detail", change_id=saved.id))
    return render_template("changes/form.html", form=form, change=change), form_status(form)


@bp.route("/<int:change_id>")
@staff_required
def change_detail(change_id: int):
    return _detail(load_change(change_id))


def _detail(change: Change, failed: tuple[str, object] | None = None):
    """The change page; `failed` is (name, form) of a form shown again with its errors,
    what was typed kept, under the page's error summary (422)."""
    me = user()
    others, freezes = conflicts_for(change, me)
    history = db.session.scalars(
        select(ChangeHistory)
        .where(ChangeHistory.change_id == change.id)
        .order_by(ChangeHistory.at, ChangeHistory.id)
    ).all()
    forms = {
        "transition_form": TransitionForm(version=change.version),
        "decision_form": DecisionForm(),
        "review_form": ReviewForm(),
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    page = render_template(
        "changes/detail.html",
        change=change,
        risk=change_state.risk_level(change.risk_likelihood, change.risk_impact),
        targets=changes.available_transitions(change, me),
        pending=change_approvals.pending_approval_for(change, me)
        if change.state == "awaiting_approval"
        else None,
        review=change_approvals.review_of(change),
        conflicting=others,
        freezes=freezes,
        history=history,
        tickets=change_links.linked_tickets(change),
        error_form=failed[1] if failed else None,
        **forms,
    )
    return page, 422 if failed else 200


def _again(change: Change, name: str, form):
    """Show the change page again with the failed form (nothing was saved)."""
    db.session.expire_all()
    return _detail(load_change(change.id), (name, form))


def _back(change: Change, anchor: str = ""):
    return redirect(url_for("changes.change_detail", change_id=change.id) + anchor)


def _flash_form_errors(form) -> None:
    for name, errors in form.errors.items():
        field = getattr(form, name, None)
        label = field.label.text if field is not None else name
        for error in errors:
            flash(f"{label}: {error}", "error")


@bp.route("/<int:change_id>/transition", methods=["POST"])
@staff_required
def change_transition(change_id: int):
    change = load_change(change_id)
    form = TransitionForm()
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return _back(change)
    target = form.target.data
    try:
        commit_or_error(
            lambda: changes.transition(
                change, user(), target, expected_version=version_of(form), now=now()
            )
        )
    except changes.MissingFields as exc:
        flash(exc.message, "error")
        return redirect(url_for("changes.change_edit", change_id=change.id, missing=exc.fields))
    except (DomainError, ValueError) as exc:
        flash(getattr(exc, "message", str(exc)), "error")
    else:
        flash(
            _("The change is now: %(state)s.", state=change_state.state_label(change.state)),
            "success",
        )
    return _back(change)


@bp.route("/<int:change_id>/decide", methods=["POST"])
@staff_required
def change_decide(change_id: int):
    change = load_change(change_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: change_approvals.decide(
                    change, user(), form.decision.data, comment=form.comment.data, now=now()
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Your decision is recorded."), "success")
            return _back(change, "#approvals")
    return _again(change, "decision_form", form)


REFERENCE_SPLIT = re.compile(r"[\s,;]+")


def tickets_from_references(text: str) -> list:
    """Resolve ticket numbers the user may see; unknown or invisible ones are an error."""
    found = []
    for ref in filter(None, REFERENCE_SPLIT.split(text or "")):
        ticket = find_by_reference(user(), ref)
        if ticket is None:
            raise DomainError(
                _("No case with number %(ref)s was found.", ref=ref), field="incidents"
            )
        found.append(ticket)
    return found


@bp.route("/<int:change_id>/review", methods=["POST"])
@staff_required
def change_review(change_id: int):
    change = load_change(change_id)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: change_approvals.record_review(
                    change,
                    user(),
                    outcome=form.outcome.data,
                    notes=form.notes.data,
                    incidents=tickets_from_references(form.incidents.data),
                    now=now(),
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("The review is saved."), "success")
            return _back(change, "#review")
    return _again(change, "review_form", form)
