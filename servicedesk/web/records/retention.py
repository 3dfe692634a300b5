"""Retention pages: rules (admins), legal holds (registrars), the thinning log and what a
run would thin now (dry run)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError
from servicedesk.domain.permissions import is_registrar
from servicedesk.domain.records.authorities import all_authorities
from servicedesk.domain.records.retention import (
    all_holds,
    all_rules,
    hold_label,
    hold_target,
    lift_hold,
    place_hold,
    run_thinning,
    save_rule,
    thinning_log,
)
from servicedesk.infra.extensions import db
from servicedesk.models import Authority, LegalHold, RetentionRule, Role, Service
from servicedesk.web.admin.common import abort_if_none, save_or_render
from servicedesk.web.records.common import bp, require_admin
from servicedesk.web.records.forms import (
    RECORD_KIND,
    HoldForm,
    LiftHoldForm,
    RetentionRuleForm,
)
from servicedesk.web.util import form_error, form_status, user


def require_registrar_page() -> None:
    if not is_registrar(current_user):
        abort(403)


@bp.route("/rules")
def rules():
    require_admin()
    return render_template("records/rules.html", rules=all_rules(), kinds=RECORD_KIND)


@bp.route("/rules/new", methods=["GET", "POST"])
def rule_new():
    return _rule_page(None)


@bp.route("/rules/<int:rule_id>", methods=["GET", "POST"])
def rule_edit(rule_id: int):
    return _rule_page(abort_if_none(db.session.get(RetentionRule, rule_id)))


def _rule_page(rule: RetentionRule | None):
    require_admin()
    form = RetentionRuleForm()
    if rule is not None and not form.is_submitted():
        form = RetentionRuleForm(
            data={
                "authority": rule.authority_id,
                "record_kind": rule.record_kind,
                "years": rule.years,
                "decision_ref": rule.decision_ref,
                "active": rule.active,
            }
        )
    form.authority.choices = [(0, "—")] + [(a.id, a.name) for a in all_authorities()]
    return save_or_render(
        form,
        lambda: save_rule(
            user(),
            rule,
            authority=db.session.get(Authority, form.authority.data)
            if form.authority.data
            else None,
            record_kind=form.record_kind.data,
            years=form.years.data,
            decision_ref=form.decision_ref.data,
            active=bool(form.active.data),
            now=now(),
        ),
        _("The retention rule is saved."),
        url_for("records.rules"),
        "records/rule_form.html",
        rule=rule,
    )


def _hold_form() -> HoldForm:
    form = HoldForm(prefix="hold")
    services = db.session.scalars(select(Service).order_by(Service.name_sv))
    form.service.choices = [(0, "—")] + [(s.id, s.name_sv) for s in services]
    return form


def _holds_page(form: HoldForm | None = None):
    form = form or _hold_form()
    holds = all_holds()
    return render_template(
        "records/holds.html",
        holds=holds,
        names={h.id: hold_label(h) for h in holds},
        form=form,
        lift_form=LiftHoldForm(prefix="lift"),
    ), form_status(form)


@bp.route("/holds")
def holds():
    require_registrar_page()
    return _holds_page()


def _place(form: HoldForm):
    ticket, service, person = hold_target(
        form.target.data,
        reference=form.reference.data,
        service_id=form.service.data,
        email=form.person.data,
    )
    return place_hold(
        user(),
        ticket=ticket,
        service=service,
        person=person,
        reason=form.reason.data,
        until=form.until.data,
        now=now(),
    )


@bp.route("/holds", methods=["POST"])
def hold_new():
    require_registrar_page()
    form = _hold_form()
    if form.validate_on_submit():
        try:
            commit_or_error(lambda: _place(form))
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("The legal hold is placed."), "success")
            return redirect(url_for("records.holds"))
    return _holds_page(form)


@bp.route("/holds/<int:hold_id>/lift", methods=["POST"])
def hold_lift(hold_id: int):
    require_registrar_page()
    hold = abort_if_none(db.session.get(LegalHold, hold_id))
    form = LiftHoldForm(prefix="lift")
    if not form.validate_on_submit():
        flash(_("Say why the hold is lifted."), "error")
        return redirect(url_for("records.holds"))
    try:
        commit_or_error(lambda: lift_hold(user(), hold, reason=form.reason.data, now=now()))
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(_("The legal hold is lifted."), "success")
    return redirect(url_for("records.holds"))


@bp.route("/thinning")
def thinning():
    require_registrar_page()
    preview = None
    if current_user.has_role(Role.ADMIN):
        preview = run_thinning(user(), now=now(), dry_run=True)
    return render_template(
        "records/thinning.html", entries=thinning_log(), preview=preview, kinds=RECORD_KIND
    )
