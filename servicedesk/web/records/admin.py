"""Admin pages of public records: authorities with their units and registrars, and the
OSL provisions staff mark secrecy under."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.records.authorities import (
    all_authorities,
    back_fill_records,
    save_authority,
)
from servicedesk.domain.records.secrecy import all_provisions, save_provision
from servicedesk.infra.extensions import db
from servicedesk.models import Authority, OslProvision
from servicedesk.web.admin.common import abort_if_none, save_or_render, staff_choices, unit_choices
from servicedesk.web.records.common import bp, require_admin
from servicedesk.web.records.forms import AUTHORITY_KIND, AuthorityForm, BackFillForm, ProvisionForm
from servicedesk.web.util import user


@bp.route("/authorities")
def authorities():
    require_admin()
    return render_template(
        "records/authorities.html",
        authorities=all_authorities(),
        kinds=AUTHORITY_KIND,
        back_fill_form=BackFillForm(),
    )


def _authority_form(authority: Authority | None) -> AuthorityForm:
    form = AuthorityForm()
    if authority is not None and not form.is_submitted():
        form = AuthorityForm(
            data={
                "name": authority.name,
                "short_name": authority.short_name,
                "kind": authority.kind,
                "archive_code": authority.archive_code,
                "units": [u.id for u in authority.units],
                "registrars": [u.id for u in authority.registrars],
                "active": authority.active,
            }
        )
    form.units.choices = unit_choices()[1:]
    form.registrars.choices = staff_choices()[1:]
    return form


@bp.route("/authorities/new", methods=["GET", "POST"])
def authority_new():
    return _authority_page(None)


@bp.route("/authorities/<int:authority_id>", methods=["GET", "POST"])
def authority_edit(authority_id: int):
    return _authority_page(abort_if_none(db.session.get(Authority, authority_id)))


def _authority_page(authority: Authority | None):
    require_admin()
    form = _authority_form(authority)
    return save_or_render(
        form,
        lambda: save_authority(
            user(),
            authority,
            name=form.name.data,
            short_name=form.short_name.data,
            kind=form.kind.data,
            archive_code=form.archive_code.data,
            unit_ids=form.units.data or [],
            registrar_ids=form.registrars.data or [],
            active=bool(form.active.data),
            now=now(),
        ),
        _("The authority is saved."),
        url_for("records.authorities"),
        "records/authority_form.html",
        authority=authority,
    )


@bp.route("/provisions")
def provisions():
    require_admin()
    return render_template("records/provisions.html", provisions=all_provisions())


@bp.route("/provisions/new", methods=["GET", "POST"])
def provision_new():
    return _provision_page(None)


@bp.route("/provisions/<int:provision_id>", methods=["GET", "POST"])
def provision_edit(provision_id: int):
    return _provision_page(abort_if_none(db.session.get(OslProvision, provision_id)))


def _provision_page(provision: OslProvision | None):
    require_admin()
    form = ProvisionForm()
    if provision is not None and not form.is_submitted():
        form = ProvisionForm(
            data={"code": provision.code, "title": provision.title, "active": provision.active}
        )
    return save_or_render(
        form,
        lambda: save_provision(
            user(),
            provision,
            code=form.code.data,
            title=form.title.data,
            active=bool(form.active.data),
            now=now(),
        ),
        _("The provision is saved."),
        url_for("records.provisions"),
        "records/provision_form.html",
        provision=provision,
    )


@bp.route("/authorities/back-fill", methods=["POST"])
def authorities_back_fill():
    require_admin()
    if BackFillForm().validate_on_submit():
        count = commit_or_error(lambda: back_fill_records(user(), now=now()))
        flash(
            ngettext(
                "%(num)s record was given its authority.",
                "%(num)s records were given their authority.",
                count,
            ),
            "success",
        )
    return redirect(url_for("records.authorities"))
