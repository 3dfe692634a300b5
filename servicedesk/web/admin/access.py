"""Admin: which services grant access, their review cycle, and the roles each offers."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from servicedesk.boundary.unit_of_work import now
from servicedesk.domain.access import labels as access_labels
from servicedesk.domain.access.catalog import (
    access_service_for,
    access_services,
    save_access_role,
    save_access_service,
)
from servicedesk.infra.extensions import db
from servicedesk.models import AccessRole, Service
from servicedesk.web.access.forms import AccessRoleForm, AccessServiceForm
from servicedesk.web.admin.common import abort_if_none, bp, save_or_render
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.util import user


def _service_choices(only_access: bool) -> list[tuple[int, str]]:
    locale = current_locale_code()
    if only_access:
        return [
            (s.service_id, s.service.name_for(locale)) for s in access_services(active_only=False)
        ]
    services = db.session.scalars(select(Service).where(Service.active).order_by(Service.name_sv))
    return [(s.id, s.name_for(locale)) for s in services]


@bp.route("/access")
def access_catalog():
    return render_template(
        "admin/access.html",
        settings=access_services(active_only=False),
        roles_of=lambda s: db.session.scalars(
            select(AccessRole)
            .where(AccessRole.service_id == s.service_id)
            .order_by(AccessRole.name_sv)
        ).all(),
        alabels=access_labels,
    )


@bp.route("/access/service", methods=["GET", "POST"])
def access_service_edit():
    form = AccessServiceForm()
    form.service.choices = _service_choices(False)
    chosen = db.session.get(Service, request.args.get("service", type=int) or 0)
    settings = access_service_for(chosen)
    if settings is not None and not form.is_submitted():
        form.service.data = chosen.id
        form.review_months.data = settings.review_months
        form.escalate_after_days.data = settings.escalate_after_days
        form.expiry_warning_days.data = settings.expiry_warning_days
        form.active.data = settings.active
    return save_or_render(
        form,
        lambda: save_access_service(
            user(),
            abort_if_none(db.session.get(Service, form.service.data)),
            review_months=form.review_months.data,
            escalate_after_days=form.escalate_after_days.data,
            expiry_warning_days=form.expiry_warning_days.data,
            active=form.active.data,
            now=now(),
        ),
        _("The access settings are saved."),
        url_for("admin.access_catalog"),
        "admin/access_form.html",
        heading=_("A service that grants access"),
    )


@bp.route("/access/roles/new", methods=["GET", "POST"])
@bp.route("/access/roles/<int:role_id>", methods=["GET", "POST"])
def access_role_edit(role_id: int | None = None):
    role = abort_if_none(db.session.get(AccessRole, role_id)) if role_id else None
    form = AccessRoleForm(obj=role if role and request.method == "GET" else None)
    form.service.choices = _service_choices(True)
    if role is not None and request.method == "GET":
        form.service.data = role.service_id
    return save_or_render(
        form,
        lambda: save_access_role(
            user(),
            abort_if_none(db.session.get(Service, form.service.data)),
            role=role,
            name_sv=form.name_sv.data,
            name_en=form.name_en.data,
            chain=form.chain.data,
            active=form.active.data,
            now=now(),
        ),
        _("The role is saved."),
        url_for("admin.access_catalog"),
        "admin/access_form.html",
        heading=role.name_sv if role else _("New access role"),
    )
