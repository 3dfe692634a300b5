"""Admin views for organisational units."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from servicedesk.boundary.unit_of_work import now
from servicedesk.domain.admin.units import save_unit
from servicedesk.infra.extensions import db
from servicedesk.models import Unit
from servicedesk.web.admin.common import (
    abort_if_none,
    bp,
    get_or_none,
    save_or_render,
    unit_choices,
)
from servicedesk.web.admin.forms import UnitForm
from servicedesk.web.util import user


@bp.route("/units")
def units():
    rows = db.session.scalars(select(Unit).order_by(Unit.name)).all()
    return render_template("admin/units.html", units=rows)


def _unit_form(unit: Unit | None) -> UnitForm:
    form = UnitForm()
    if unit is not None and not form.is_submitted():
        form = UnitForm(
            data={
                "name": unit.name,
                "short_name": unit.short_name,
                "kind": unit.kind,
                "parent": unit.parent_id or 0,
            }
        )
    form.parent.choices = [c for c in unit_choices() if unit is None or c[0] != unit.id]
    return form


def _save(form: UnitForm, unit: Unit | None):
    return save_unit(
        user(),
        unit,
        name=form.name.data,
        short_name=form.short_name.data,
        kind=form.kind.data,
        parent=get_or_none(Unit, form.parent.data),
        now=now(),
    )


@bp.route("/units/new", methods=["GET", "POST"])
def unit_new():
    form = _unit_form(None)
    return save_or_render(
        form,
        lambda: _save(form, None),
        _("The unit is saved."),
        url_for("admin.units"),
        "admin/unit_form.html",
        unit=None,
    )


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
def unit_edit(unit_id: int):
    unit = abort_if_none(db.session.get(Unit, unit_id))
    form = _unit_form(unit)
    return save_or_render(
        form,
        lambda: _save(form, unit),
        _("The unit is saved."),
        url_for("admin.units"),
        "admin/unit_form.html",
        unit=unit,
    )
