"""Admin views for routing rules: ordered list, create, edit, move, (de)activate, test."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain import labels
from servicedesk.domain.admin.rules import (
    RuleInput,
    move_rule,
    ordered_rules,
    save_rule,
    set_rule_active,
)
from servicedesk.domain.errors import DomainError
from servicedesk.domain.routing.engine import CaseFacts
from servicedesk.domain.routing.router import preview_route, rule_spec
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, RoutingRule, Service, Unit, User
from servicedesk.web.admin.common import (
    abort_if_none,
    bp,
    get_or_none,
    queue_choices,
    staff_choices,
    unit_choices,
)
from servicedesk.web.admin.forms import LEVELS, ActionForm, RuleForm, SampleCaseForm
from servicedesk.web.util import form_error, form_status


def _service_choices(blank: str = "—") -> list[tuple[int, str]]:
    stmt = select(Service).order_by(Service.name_sv)
    return [(0, blank)] + [(s.id, s.name_sv) for s in db.session.scalars(stmt)]


def _with_sample_choices(form):
    form.sample_service.choices = _service_choices()
    form.sample_unit.choices = unit_choices()
    return form


def _sample_case(form) -> CaseFacts:
    return CaseFacts(
        ticket_type=form.sample_type.data,
        service_id=form.sample_service.data or None,
        requester_unit_id=form.sample_unit.data or None,
        channel=form.sample_channel.data,
        priority=form.sample_priority.data,
        title=form.sample_title.data or "",
    )


@bp.route("/rules", methods=["GET", "POST"])
def rules():
    """The rules in the order they are tried, and a form to test the saved rule set."""
    form = _with_sample_choices(SampleCaseForm())
    result = None
    if form.validate_on_submit():
        result = preview_route(_sample_case(form))
    stmt = select(RoutingRule).options(joinedload(RoutingRule.target_queue))
    listed = db.session.scalars(stmt.order_by(RoutingRule.position, RoutingRule.id)).all()
    return render_template(
        "admin/rules.html", rules=listed, form=form, result=result, action_form=ActionForm()
    )


def _rule_form(rule: RoutingRule | None) -> RuleForm:
    form = RuleForm()
    if rule is not None and not form.is_submitted():
        form = RuleForm(
            data={
                "name": rule.name,
                "active": rule.active,
                "ticket_type": rule.ticket_type or "",
                "service": rule.service_id or 0,
                "owner_unit": rule.owner_unit_id or 0,
                "requester_unit": rule.requester_unit_id or 0,
                "channel": rule.channel or "",
                "priority": rule.priority or 0,
                "title_words": rule.title_words or "",
                "target_queue": rule.target_queue_id,
                "assignee": rule.assignee_id or 0,
                "tag": rule.tag or "",
            }
        )
    any_ = _("Any")
    form.ticket_type.choices = [("", any_)] + [(k, v) for k, v in labels.TICKET_TYPE.items()]
    form.service.choices = _service_choices(any_)
    form.owner_unit.choices = unit_choices(any_)
    form.requester_unit.choices = unit_choices(any_)
    form.channel.choices = [("", any_)] + [(k, v) for k, v in labels.CHANNEL.items()]
    form.priority.choices = [(0, any_)] + LEVELS
    form.target_queue.choices = queue_choices(active_only=True)
    form.assignee.choices = staff_choices(_("Nobody"))
    return _with_sample_choices(form)


def _rule_input(form: RuleForm) -> RuleInput:
    return RuleInput(
        name=form.name.data,
        target_queue=get_or_none(Queue, form.target_queue.data),
        active=form.active.data,
        ticket_type=form.ticket_type.data or None,
        service=get_or_none(Service, form.service.data),
        owner_unit=get_or_none(Unit, form.owner_unit.data),
        requester_unit=get_or_none(Unit, form.requester_unit.data),
        channel=form.channel.data or None,
        priority=form.priority.data or None,
        title_words=form.title_words.data,
        assignee=get_or_none(User, form.assignee.data),
        assignee_given=bool(form.assignee.data),
        tag=form.tag.data,
    )


def _draft_result(form: RuleForm, rule: RoutingRule | None):
    """Where the sample case would go with this (unsaved) rule in its place."""
    draft = RoutingRule(id=rule.id if rule else None, **_draft_values(form))
    index = ordered_rules().index(rule) if rule is not None else None
    return preview_route(_sample_case(form), draft=rule_spec(draft), draft_index=index)


def _draft_values(form: RuleForm) -> dict:
    data = _rule_input(form)
    return {
        "name": data.name or _("(unsaved rule)"),
        "active": data.active,
        "target_queue_id": form.target_queue.data,
        "ticket_type": data.ticket_type,
        "service": data.service,
        "owner_unit": data.owner_unit,
        "requester_unit": data.requester_unit,
        "channel": data.channel,
        "priority": data.priority,
        "title_words": data.title_words,
        "assignee": data.assignee,
        "tag": data.tag,
    }


def _edit(rule: RoutingRule | None):
    form = _rule_form(rule)
    result = None
    if form.is_submitted() and form.test.data:
        if form.validate():
            result = _draft_result(form, rule)
            db.session.rollback()
    elif form.validate_on_submit():
        try:
            commit_or_error(lambda: save_rule(rule, _rule_input(form), current_user, now=now()))
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("The rule is saved."), "success")
            return redirect(url_for("admin.rules"))
    page = render_template("admin/rule_form.html", form=form, rule=rule, result=result)
    return page, form_status(form)


@bp.route("/rules/new", methods=["GET", "POST"])
def rule_new():
    return _edit(None)


@bp.route("/rules/<int:rule_id>", methods=["GET", "POST"])
def rule_edit(rule_id: int):
    return _edit(abort_if_none(db.session.get(RoutingRule, rule_id)))


def _rule_action(rule_id: int, action) -> object:
    rule = abort_if_none(db.session.get(RoutingRule, rule_id))
    if ActionForm().validate_on_submit():
        try:
            commit_or_error(lambda: action(rule))
        except DomainError as exc:
            flash(exc.message, "error")
    return redirect(url_for("admin.rules"))


@bp.route("/rules/<int:rule_id>/up", methods=["POST"])
def rule_up(rule_id: int):
    return _rule_action(rule_id, lambda r: move_rule(r, -1, current_user, now=now()))


@bp.route("/rules/<int:rule_id>/down", methods=["POST"])
def rule_down(rule_id: int):
    return _rule_action(rule_id, lambda r: move_rule(r, 1, current_user, now=now()))


@bp.route("/rules/<int:rule_id>/active", methods=["POST"])
def rule_active(rule_id: int):
    return _rule_action(
        rule_id, lambda r: set_rule_active(r, not r.active, current_user, now=now())
    )
