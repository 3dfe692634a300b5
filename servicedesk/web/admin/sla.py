"""Admin pages for business-hours calendars and SLA policies (administrators only)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError
from servicedesk.domain.sla import admin as sla_admin
from servicedesk.domain.sla import targets as sla_targets
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, SlaPolicy
from servicedesk.web.nav import register_nav
from servicedesk.web.util import form_error, form_status, user

bp = Blueprint("admin_sla", __name__, url_prefix="/admin/sla")
register_nav(
    "admin_sla.index",
    _l("Service levels"),
    visible=lambda u: u.has_role("admin"),
    blueprint="admin_sla",
    order=80,
    group="admin",
)
WEEKDAY_LABELS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
HOURS_HINT = _l("For example 08:00-12:00, 13:00-17:00. Empty: closed.")


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not user().has_role("admin"):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


class CalendarForm(FlaskForm):
    name = StringField(_l("Name"))
    timezone = StringField(_l("Time zone"), default="Europe/Stockholm")
    always_open = BooleanField(_l("Always open (24×7)"))
    swedish_holidays = BooleanField(_l("Closed on Swedish public holidays and eves"), default=True)
    is_default = BooleanField(_l("Default calendar"))
    mon = StringField(WEEKDAY_LABELS[0], description=HOURS_HINT)
    tue = StringField(WEEKDAY_LABELS[1], description=HOURS_HINT)
    wed = StringField(WEEKDAY_LABELS[2], description=HOURS_HINT)
    thu = StringField(WEEKDAY_LABELS[3], description=HOURS_HINT)
    fri = StringField(WEEKDAY_LABELS[4], description=HOURS_HINT)
    sat = StringField(WEEKDAY_LABELS[5], description=HOURS_HINT)
    sun = StringField(WEEKDAY_LABELS[6], description=HOURS_HINT)
    closed_dates = TextAreaField(
        _l("Extra closed dates"), description=_l("One a line: 2026-05-15 Klämdag")
    )
    short_day_rule = BooleanField(
        _l("Shortened days by the rule (day before a public holiday, closes 14:00)"),
        default=True,
    )
    short_days = TextAreaField(
        _l("Shortened days"),
        description=_l(
            "One a line: 2026-12-23 14:00 Dag före julafton. A year you list here has only "
            "the days you list (a year alone, such as 2029, means none); every other year "
            "follows the rule."
        ),
    )
    submit = SubmitField(_l("Save"))


UNIT_CHOICES = list(sla_targets.UNIT_LABELS.items())


def _target_fields(name: str, label) -> dict:
    return {
        name: StringField(label, description=_l("A number, such as 4 or 2.5.")),
        f"{name}_unit": SelectField(_l("Unit"), choices=UNIT_CHOICES, default=sla_targets.HOURS),
    }


def _policy_form_class():
    """An amount and a unit (hours, working days, minutes) per priority and target."""
    fields = {}
    for p in (1, 2, 3, 4):
        fields |= _target_fields(f"p{p}_fr", _l("Priority %(p)s: first response", p=p))
        fields |= _target_fields(f"p{p}_res", _l("Priority %(p)s: resolution", p=p))
        fields |= _target_fields(f"p{p}_ola", _l("Priority %(p)s: queue target (optional)", p=p))
    return type("PolicyTargetsForm", (PolicyBaseForm,), fields)


TARGET_KEYS = ("fr", "res", "ola")


class PolicyBaseForm(FlaskForm):
    name = StringField(_l("Name"))
    is_default = BooleanField(_l("Default policy"))
    warn_percent = IntegerField(
        _l("Warn at (percent of target)"), default=80, validators=[Optional()]
    )
    pause_on_requester = BooleanField(_l("Pause while waiting for the requester"), default=True)
    pause_on_supplier = BooleanField(_l("Pause while waiting for a supplier"))
    pause_on_other = BooleanField(_l("Pause while on hold for another reason"))
    submit = SubmitField(_l("Save"))


PolicyForm = _policy_form_class()


@bp.route("/")
@admin_required
def index():
    calendars = db.session.scalars(
        select(Calendar).options(selectinload(Calendar.hours)).order_by(Calendar.name)
    ).all()
    policies = db.session.scalars(select(SlaPolicy).order_by(SlaPolicy.name)).all()
    day = sla_targets.working_day_minutes()
    return render_template(
        "admin/sla/index.html",
        calendars=calendars,
        policies=policies,
        target_text=lambda minutes: sla_targets.target_text(minutes, day),
    )


def _fill_calendar_form(form: CalendarForm, calendar: Calendar) -> None:
    form.name.data, form.timezone.data = calendar.name, calendar.timezone
    form.always_open.data, form.is_default.data = calendar.always_open, calendar.is_default
    form.swedish_holidays.data = calendar.swedish_holidays
    for day, field in enumerate(sla_admin.WEEKDAY_FIELDS):
        rows = [h for h in calendar.hours if h.weekday == day]
        form[field].data = ", ".join(
            f"{h.opens.strftime('%H:%M')}-{h.closes.strftime('%H:%M')}" for h in rows
        )
    form.closed_dates.data = "\n".join(
        f"{c.day.isoformat()} {c.reason}".strip()
        for c in sorted(calendar.closed_dates, key=lambda c: c.day)
    )
    form.short_day_rule.data = calendar.short_day_rule
    listed = {s.day.year for s in calendar.short_days}
    form.short_days.data = "\n".join(
        [
            str(y.year)
            for y in sorted(calendar.short_years, key=lambda y: y.year)
            if y.year not in listed
        ]
        + [
            f"{s.day.isoformat()} {s.closes.strftime('%H:%M')} {s.reason}".strip()
            for s in sorted(calendar.short_days, key=lambda s: s.day)
        ]
    )


def _edit_page(
    model, object_id, form, fill, save, *, template: str, name: str, saved: str, **extra
):
    """The shared shape of the calendar and policy pages: load (404 when missing), fill the
    form on GET, save through the domain as one unit of work, errors next to the fields."""
    obj = db.session.get(model, object_id) if object_id else None
    if object_id and obj is None:
        abort(404)
    if obj is not None and not form.is_submitted():
        fill(form, obj)
    if form.validate_on_submit():
        try:
            commit_or_error(lambda: save(obj))
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(saved, "success")
            return redirect(url_for("admin_sla.index"))
    return render_template(template, form=form, **{name: obj}, **extra), form_status(form)


@bp.route("/calendars/new", methods=["GET", "POST"])
@bp.route("/calendars/<int:calendar_id>", methods=["GET", "POST"])
@admin_required
def calendar_edit(calendar_id: int | None = None):
    form = CalendarForm()

    def save(calendar):
        return sla_admin.save_calendar(
            calendar,
            actor=user(),
            name=form.name.data,
            timezone=form.timezone.data,
            always_open=form.always_open.data,
            swedish_holidays=form.swedish_holidays.data,
            is_default=form.is_default.data,
            weekly={f: form[f].data for f in sla_admin.WEEKDAY_FIELDS},
            closed_dates=form.closed_dates.data,
            short_days=form.short_days.data,
            short_day_rule=form.short_day_rule.data,
            now=now(),
        )

    return _edit_page(
        Calendar,
        calendar_id,
        form,
        _fill_calendar_form,
        save,
        template="admin/sla/calendar_form.html",
        name="calendar",
        saved=_("Calendar saved."),
    )


def _fill_policy_form(form, policy: SlaPolicy) -> None:
    form.name.data, form.is_default.data = policy.name, policy.is_default
    form.warn_percent.data = policy.warn_percent
    form.pause_on_requester.data = policy.pause_on_requester
    form.pause_on_supplier.data = policy.pause_on_supplier
    form.pause_on_other.data = policy.pause_on_other
    day = sla_targets.working_day_minutes()
    for target in policy.targets:
        p = target.priority
        minutes = (target.first_response_minutes, target.resolution_minutes, target.ola_minutes)
        for key, value in zip(TARGET_KEYS, minutes, strict=True):
            if value is not None:
                amount, unit = sla_targets.from_minutes(value, day)
                form[f"p{p}_{key}"].data = sla_targets.amount_text(amount)
                form[f"p{p}_{key}_unit"].data = unit


@bp.route("/policies/new", methods=["GET", "POST"])
@bp.route("/policies/<int:policy_id>", methods=["GET", "POST"])
@admin_required
def policy_edit(policy_id: int | None = None):
    form = PolicyForm()

    def save(policy):
        targets = {
            p: tuple(
                sla_targets.Entered(form[f"p{p}_{k}"].data, form[f"p{p}_{k}_unit"].data)
                for k in TARGET_KEYS
            )
            for p in (1, 2, 3, 4)
        }
        return sla_admin.save_policy(
            policy,
            actor=user(),
            name=form.name.data,
            is_default=form.is_default.data,
            warn_percent=form.warn_percent.data,
            pause_on_requester=form.pause_on_requester.data,
            pause_on_supplier=form.pause_on_supplier.data,
            pause_on_other=form.pause_on_other.data,
            targets=targets,
            now=now(),
        )

    return _edit_page(
        SlaPolicy,
        policy_id,
        form,
        _fill_policy_form,
        save,
        template="admin/sla/policy_form.html",
        name="policy",
        saved=_("Policy saved."),
        day_length=sla_targets.target_text(sla_targets.working_day_minutes(), None),
    )
