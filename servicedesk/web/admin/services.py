"""Admin views for the service catalog: list, create, edit, retire and reactivate."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.admin.services import ServiceInput, save_service, set_service_active
from servicedesk.domain.errors import DomainError
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, Queue, Service, SlaPolicy, Unit, User
from servicedesk.web.admin.common import (
    abort_if_none,
    bp,
    get_or_none,
    named_choices,
    queue_choices,
    save_or_render,
    staff_choices,
    unit_choices,
)
from servicedesk.web.admin.forms import ActionForm, ServiceForm
from servicedesk.web.util import user


@bp.route("/")
@bp.route("/services")
def services():
    stmt = (
        select(Service)
        .options(joinedload(Service.owner_unit), joinedload(Service.queue))
        .order_by(Service.active.desc(), Service.name_sv)
    )
    return render_template(
        "admin/services.html", services=db.session.scalars(stmt).all(), action_form=ActionForm()
    )


def _service_form(service: Service | None) -> ServiceForm:
    form = ServiceForm(obj=None)
    if service is not None and not form.is_submitted():
        form = ServiceForm(
            data={
                "name_sv": service.name_sv,
                "name_en": service.name_en,
                "description": service.description,
                "keywords": service.keywords,
                "owner_unit": service.owner_unit_id,
                "is_common": service.is_common,
                "queue": service.queue_id or 0,
                "administrator": service.administrator_id or 0,
                "deputy": service.deputy_id or 0,
                "confidentiality": service.confidentiality,
                "integrity": service.integrity,
                "availability": service.availability,
                "supplier": service.supplier or "",
                "calendar": service.calendar_id or 0,
                "sla_policy": service.sla_policy_id or 0,
                "active": service.active,
            }
        )
    form.owner_unit.choices = unit_choices()
    form.queue.choices = queue_choices(active_only=True)
    form.administrator.choices = staff_choices()
    form.deputy.choices = staff_choices()
    form.calendar.choices = named_choices(Calendar)
    form.sla_policy.choices = named_choices(SlaPolicy)
    return form


def _service_input(form: ServiceForm) -> ServiceInput:
    return ServiceInput(
        name_sv=form.name_sv.data,
        name_en=form.name_en.data,
        description=form.description.data,
        keywords=form.keywords.data,
        owner_unit=get_or_none(Unit, form.owner_unit.data),
        is_common=form.is_common.data,
        queue=get_or_none(Queue, form.queue.data),
        administrator=get_or_none(User, form.administrator.data),
        deputy=get_or_none(User, form.deputy.data),
        confidentiality=form.confidentiality.data,
        integrity=form.integrity.data,
        availability=form.availability.data,
        supplier=form.supplier.data,
        calendar=get_or_none(Calendar, form.calendar.data),
        sla_policy=get_or_none(SlaPolicy, form.sla_policy.data),
        active=form.active.data,
    )


@bp.route("/services/new", methods=["GET", "POST"])
def service_new():
    form = _service_form(None)
    return save_or_render(
        form,
        lambda: save_service(user(), None, _service_input(form), now=now()),
        _("The service is saved."),
        url_for("admin.services"),
        "admin/service_form.html",
        service=None,
    )


@bp.route("/services/<int:service_id>", methods=["GET", "POST"])
def service_edit(service_id: int):
    service = abort_if_none(db.session.get(Service, service_id))
    form = _service_form(service)
    return save_or_render(
        form,
        lambda: save_service(user(), service, _service_input(form), now=now()),
        _("The service is saved."),
        url_for("admin.services"),
        "admin/service_form.html",
        service=service,
    )


@bp.route("/services/<int:service_id>/active", methods=["POST"])
def service_active(service_id: int):
    service = abort_if_none(db.session.get(Service, service_id))
    form = ActionForm()
    if form.validate_on_submit():
        make_active = not service.active
        try:
            commit_or_error(lambda: set_service_active(user(), service, make_active, now=now()))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Reactivated.") if make_active else _("Retired."), "success")
    return redirect(url_for("admin.services"))
