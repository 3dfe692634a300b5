"""Admin pages for change management: freeze periods and the CAB group."""

from __future__ import annotations

from functools import wraps

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from servicedesk.boundary.unit_of_work import commit_or_error
from servicedesk.domain.catalog.lookup import service_choices
from servicedesk.domain.changes.approvals import cab_members, set_cab_member
from servicedesk.domain.changes.conflicts import create_freeze
from servicedesk.domain.errors import DomainError
from servicedesk.domain.identity.users import find_user_by_email
from servicedesk.infra.extensions import db
from servicedesk.models import FreezePeriod, Role, Service
from servicedesk.web.changes.common import bp
from servicedesk.web.changes.forms import CabForm, FreezeForm, to_utc
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.util import form_error, staff_required, user


def admin_required(view):
    @wraps(view)
    @staff_required
    def wrapped(*args, **kwargs):
        if not user().has_role(Role.ADMIN):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _page(freeze_form: FreezeForm, cab_form: CabForm):
    freezes = db.session.scalars(select(FreezePeriod).order_by(FreezePeriod.start_at)).all()
    return render_template(
        "changes/admin.html",
        freeze_form=freeze_form,
        cab_form=cab_form,
        freezes=freezes,
        members=cab_members(),
    )


def _freeze_form() -> FreezeForm:
    form = FreezeForm(prefix="freeze")
    form.service.choices = [(0, _("All services"))] + service_choices(current_locale_code())
    return form


@bp.route("/admin", methods=["GET"])
@admin_required
def admin():
    return _page(_freeze_form(), CabForm(prefix="cab"))


@bp.route("/admin/freezes", methods=["POST"])
@admin_required
def add_freeze():
    form = _freeze_form()
    if form.validate_on_submit():
        service = db.session.get(Service, form.service.data) if form.service.data else None
        try:
            commit_or_error(
                lambda: create_freeze(
                    user(),
                    name=form.name.data,
                    start=to_utc(form.start.data),
                    end=to_utc(form.end.data),
                    service=service,
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("The freeze period is saved."), "success")
            return redirect(url_for("changes.admin"))
    return _page(form, CabForm(prefix="cab")), 422


@bp.route("/admin/cab", methods=["POST"])
@admin_required
def set_cab():
    form = CabForm(prefix="cab")
    if form.validate_on_submit():
        member = find_user_by_email(form.email.data)
        if member is None:
            form.email.errors = [_("No active user has that e-mail address.")]
        else:
            try:
                commit_or_error(lambda: set_cab_member(user(), member, on=form.member.data))
            except DomainError as exc:
                form_error(form, exc)
            else:
                flash(_("The CAB group is saved."), "success")
                return redirect(url_for("changes.admin"))
    return _page(_freeze_form(), form), 422
