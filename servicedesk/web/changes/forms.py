"""Forms for change requests, freeze periods, the CAB group and problem records.

Planned times are entered as local wall-clock time (Europe/Stockholm) and stored in UTC;
the hour that repeats when summer time ends is read as its first occurrence.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from servicedesk.domain import labels

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("DISPLAY_TIMEZONE", "Europe/Stockholm"))


def to_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=local_zone()).astimezone(UTC)


def to_local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(local_zone()).replace(tzinfo=None)


def _text(label, *, required=False, description=None, max_len=50_000):
    checks = [DataRequired()] if required else [Optional()]
    return TextAreaField(label, validators=[*checks, Length(max=max_len)], description=description)


def _level(label):
    choices = [(0, "—")] + [(n, str(n)) for n in range(1, 5)]
    return SelectField(label, coerce=int, choices=choices, validators=[Optional()])


class ChangeForm(FlaskForm):
    version = HiddenField()
    kind = SelectField(_l("Kind"), choices=list(labels.CHANGE_KIND.items()), default="normal")
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = _text(_l("Description"))
    reason = _text(_l("Reason for the change"))
    expected_benefit = _text(_l("Expected benefit"))
    services = SelectMultipleField(
        _l("Affected services"),
        coerce=int,
        description=_l("The owners of these services approve the change."),
    )
    owner = SelectField(_l("Change owner"), coerce=int)
    planned_start = DateTimeLocalField(
        _l("Planned start"), format=LOCAL_FORMAT, validators=[Optional()]
    )
    planned_end = DateTimeLocalField(
        _l("Planned end"), format=LOCAL_FORMAT, validators=[Optional()]
    )
    implementation_plan = _text(_l("Implementation plan"))
    backout_plan = _text(_l("Back-out plan"))
    test_plan = _text(_l("Test plan"))
    cost_one_off = IntegerField(
        _l("One-off cost (SEK)"), validators=[Optional(), NumberRange(min=0, max=10**12)]
    )
    cost_yearly = IntegerField(
        _l("Yearly operating cost (SEK)"), validators=[Optional(), NumberRange(min=0, max=10**12)]
    )
    risk_likelihood = _level(_l("Likelihood"))
    risk_impact = _level(_l("Impact"))
    risk_text = _text(
        _l("Risk assessment"), description=_l("What can go wrong, and what reduces the risk.")
    )
    consequence = _text(
        _l("Consequence description"),
        description=_l("Who is affected and how, including effects on the work environment."),
    )
    communication_plan = _text(_l("Communication plan"))
    submit = SubmitField(_l("Save"))

    def values(self) -> dict:
        """The domain's keyword arguments (times in UTC, 0 for an unset level is None)."""
        return {
            "kind": self.kind.data,
            "title": self.title.data,
            "description": self.description.data or "",
            "reason": self.reason.data or "",
            "expected_benefit": self.expected_benefit.data or "",
            "planned_start": to_utc(self.planned_start.data),
            "planned_end": to_utc(self.planned_end.data),
            "implementation_plan": self.implementation_plan.data or "",
            "backout_plan": self.backout_plan.data or "",
            "test_plan": self.test_plan.data or "",
            "cost_one_off": self.cost_one_off.data,
            "cost_yearly": self.cost_yearly.data,
            "risk_likelihood": self.risk_likelihood.data or None,
            "risk_impact": self.risk_impact.data or None,
            "risk_text": self.risk_text.data or "",
            "consequence": self.consequence.data or "",
            "communication_plan": self.communication_plan.data or "",
        }


class TransitionForm(FlaskForm):
    version = HiddenField()
    target = HiddenField(validators=[DataRequired()])


class DecisionForm(FlaskForm):
    decision = SelectField(
        _l("Decision"),
        choices=[("approved", _l("Approve")), ("rejected", _l("Reject"))],
    )
    comment = TextAreaField(
        _l("Comment"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Required when you reject."),
    )
    submit = SubmitField(_l("Save decision"))


class ReviewForm(FlaskForm):
    outcome = SelectField(_l("Outcome"), choices=list(labels.REVIEW_OUTCOME.items()))
    notes = _text(_l("Notes"))
    incidents = StringField(
        _l("Incidents caused"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Ticket numbers, separated by spaces or commas (e.g. INC-000123)."),
    )
    submit = SubmitField(_l("Save review"))


class LinkForm(FlaskForm):
    reference = StringField(
        _l("Number"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("A change (CHG-…) or problem (PRB-…) number."),
    )
    submit = SubmitField(_l("Link"))


class FreezeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    start = DateTimeLocalField(_l("Start"), format=LOCAL_FORMAT, validators=[DataRequired()])
    end = DateTimeLocalField(_l("End"), format=LOCAL_FORMAT, validators=[DataRequired()])
    service = SelectField(_l("Service"), coerce=int)
    submit = SubmitField(_l("Add freeze period"))


class CabForm(FlaskForm):
    email = StringField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    member = BooleanField(_l("Member of the CAB"), default=True)
    submit = SubmitField(_l("Save"))


class ProblemForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = _text(_l("Description"))
    submit = SubmitField(_l("Create problem"))


class AnalysisForm(FlaskForm):
    root_cause = _text(_l("Root cause"))
    workaround = _text(_l("Workaround"))
    known_error = BooleanField(_l("Known error"))
    submit = SubmitField(_l("Save analysis"))


class IncidentLinkForm(FlaskForm):
    reference = StringField(_l("Ticket number"), validators=[DataRequired(), Length(max=40)])
    submit = SubmitField(_l("Link incident"))


class FixChangeForm(FlaskForm):
    reference = StringField(
        _l("Change number"),
        validators=[Optional(), Length(max=40)],
        description=_l("The change that removes the cause (CHG-…); empty to unlink."),
    )
    submit = SubmitField(_l("Save"))


class ActionForm(FlaskForm):
    """A bare POST button (resolve, close, unlink) with CSRF."""

    submit = SubmitField(_l("Save"))
