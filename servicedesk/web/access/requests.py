"""Asking for access, a request's page with its decisions, deciding and withdrawing."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.access import requests as access_requests
from servicedesk.domain.access import tasks as access_tasks
from servicedesk.domain.access.catalog import access_services, offered_roles
from servicedesk.domain.errors import DomainError
from servicedesk.domain.permissions import managed_unit_ids
from servicedesk.infra.extensions import db
from servicedesk.models import AccessRole, AccessTask, Role, User
from servicedesk.web.access.common import bp, or_404, render
from servicedesk.web.access.forms import NEW_PERSON, DecisionForm, RequestForm, WithdrawForm
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.util import form_error, form_status, user


@bp.route("/")
@login_required
def home():
    me = user()
    mine = db.session.scalars(access_requests.visible_requests(me, mine=True).limit(50)).all()
    return render(
        "access/home.html",
        mine=mine,
        inbox=access_requests.awaiting_decision_by(me),
        tasks=access_tasks.open_tasks(me),
    )


def _role_choices() -> list[tuple[int, str]]:
    locale = current_locale_code()
    return [
        (role.id, f"{settings.service.name_for(locale)} – {role.name_for(locale)}")
        for settings in access_services()
        for role in offered_roles(settings.service)
    ]


def _person_choices(me: User) -> list[tuple[int, str]]:
    choices = [(me.id, _("Myself (%(name)s)", name=me.name))]
    if me.has_role(Role.MANAGER, Role.ADMIN):
        people = db.session.scalars(
            select(User)
            .where(User.active, User.unit_id.in_(managed_unit_ids(me)), User.id != me.id)
            .order_by(User.name)
        )
        choices += [(p.id, p.name) for p in people]
        choices.append((NEW_PERSON, _("Someone who has not started yet")))
    return choices


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_request():
    me = user()
    form = RequestForm()
    form.role.choices = _role_choices()
    form.person.choices = _person_choices(me)
    if len(form.person.choices) == 1:
        form.person.description = ""  # only managers ask for others
    if request.method == "GET":
        form.person.data = me.id
    if form.validate_on_submit():
        role = db.session.get(AccessRole, form.role.data)
        person = db.session.get(User, form.person.data) if form.person.data else None
        try:
            created = commit_or_error(
                lambda: access_requests.file_request(
                    me,
                    service=role.service if role else None,
                    role_id=form.role.data,
                    person=person,
                    person_name=form.person_name.data or "",
                    person_email=form.person_email.data or "",
                    reason=form.reason.data,
                    valid_from=form.valid_from.data,
                    valid_to=form.valid_to.data,
                    now=now(),
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Access request %(ref)s is sent.", ref=created.reference), "success")
            return redirect(url_for("access.request_detail", request_id=created.id))
    return render("access/new.html", form_status(form), form=form)


def _detail(found, decision_form=None, status: int = 200):
    me = user()
    may_decide = access_requests.is_current_approver(found, me) and me.id not in (
        found.requested_by_id,
        found.person_id,
    )
    task_rows = db.session.scalars(
        select(AccessTask).where(AccessTask.request_id == found.id).order_by(AccessTask.id)
    ).all()
    return render(
        "access/request.html",
        status,
        r=found,
        may_decide=may_decide and not any(d.approver_id == me.id for d in found.decisions),
        may_withdraw=found.state == "pending" and me.id in (found.requested_by_id, found.person_id),
        decision_form=decision_form or DecisionForm(),
        withdraw_form=WithdrawForm(),
        approvers=access_requests.approvers_for(found, found.current_step)
        if found.current_step
        else [],
        task_rows=task_rows,
    )


@bp.route("/requests/<int:request_id>")
@login_required
def request_detail(request_id: int):
    return _detail(or_404(access_requests.get_visible_request, user(), request_id))


@bp.route("/cases/<int:ticket_id>")
@login_required
def request_of_case(ticket_id: int):
    """From a BEH case (the portal's case page) to its access request."""
    found = or_404(access_requests.request_of_ticket, user(), ticket_id)
    return redirect(url_for("access.request_detail", request_id=found.id))


@bp.route("/requests/<int:request_id>/decide", methods=["POST"])
@login_required
def decide(request_id: int):
    me = user()
    found = or_404(access_requests.get_visible_request, me, request_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: access_requests.decide(
                    found, me, form.decision.data, reason=form.reason.data, now=now()
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Your decision is recorded."), "success")
            return redirect(url_for("access.request_detail", request_id=found.id))
    db.session.expire_all()
    found = or_404(access_requests.get_visible_request, me, request_id)
    return _detail(found, form, 422)


@bp.route("/requests/<int:request_id>/withdraw", methods=["POST"])
@login_required
def withdraw(request_id: int):
    me = user()
    found = or_404(access_requests.get_visible_request, me, request_id)
    if WithdrawForm().validate_on_submit():
        try:
            commit_or_error(lambda: access_requests.withdraw_request(found, me, now=now()))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("The request is withdrawn."), "success")
    return redirect(url_for("access.request_detail", request_id=found.id))
