"""Forms of the records pages (CSRF on every one). Selects use 0 for 'none'."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from servicedesk.models.records import AuthorityKind, RecordKind

AUTHORITY_KIND = {
    AuthorityKind.COMMITTEE.value: _l("Committee (nämnd)"),
    AuthorityKind.COMPANY.value: _l("Municipal company"),
}
RECORD_KIND = {
    RecordKind.INCIDENT.value: _l("Incidents"),
    RecordKind.REQUEST.value: _l("Service requests"),
    RecordKind.ACCESS.value: _l("Access requests"),
    RecordKind.SECURITY.value: _l("Security incidents"),
    RecordKind.CHANGE.value: _l("Changes"),
    RecordKind.PROBLEM.value: _l("Problems"),
}


class AuthorityForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("Short name"), validators=[Length(max=40)])
    kind = SelectField(_l("Kind"), choices=list(AUTHORITY_KIND.items()))
    archive_code = StringField(
        _l("Archive code"),
        validators=[Length(max=60)],
        description=_l(
            "How the archive knows the authority (arkivbildare); written into archive packages."
        ),
    )
    units = SelectMultipleField(
        _l("Units"),
        coerce=int,
        description=_l("The units that file with this authority; units below them follow."),
    )
    registrars = SelectMultipleField(
        _l("Registrars"),
        coerce=int,
        description=_l("Staff who keep this authority's register and its legal holds."),
    )
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class ProvisionForm(FlaskForm):
    code = StringField(
        _l("Chapter and section"),
        validators=[DataRequired(), Length(max=10)],
        description=_l("As chapter:section, e.g. 26:1."),
    )
    title = StringField(_l("What it protects"), validators=[DataRequired(), Length(max=200)])
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class RegisterFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter

    authority = SelectField(_l("Authority"), coerce=int)
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])
    submit = SubmitField(_l("Show"))


class ArchiveForm(FlaskForm):
    authority = SelectField(_l("Authority"), coerce=int)
    start = DateField(_l("First day closed"), validators=[DataRequired()])
    end = DateField(_l("Last day closed"), validators=[DataRequired()])
    submit = SubmitField(_l("Write the archive package"))


class CopyForm(FlaskForm):
    with_internal = BooleanField(_l("Include internal notes (masked by the same marks)"))
    submit = SubmitField(_l("Make a public copy"))


class MarkForm(FlaskForm):
    target = SelectField(_l("What is secret"))
    provision = SelectField(_l("OSL provision"), coerce=int)
    submit = SubmitField(_l("Mark as secret"))


class LiftForm(FlaskForm):
    submit = SubmitField(_l("Lift secrecy"))


class MoveForm(FlaskForm):
    authority = SelectField(_l("Move to authority"), coerce=int)
    reason = TextAreaField(_l("Why"), validators=[DataRequired(), Length(max=1000)])
    submit = SubmitField(_l("Move the record"))


class RetentionRuleForm(FlaskForm):
    authority = SelectField(_l("Authority"), coerce=int)
    record_kind = SelectField(_l("Record type"), choices=list(RECORD_KIND.items()))
    years = IntegerField(
        _l("Years after closing"),
        validators=[DataRequired(message=_l("This field is required.")), NumberRange(0, 100)],
    )
    decision_ref = StringField(
        _l("Decision"),
        validators=[Length(max=100)],
        description=_l("The information management plan's decision (dnr)."),
    )
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class HoldForm(FlaskForm):
    target = SelectField(
        _l("Hold on"),
        choices=[
            ("ticket", _l("A ticket")),
            ("service", _l("A service")),
            ("person", _l("A person")),
        ],
    )
    reference = StringField(
        _l("Ticket reference"),
        validators=[Optional(), Length(max=20)],
        description=_l("E.g. INC-000123."),
    )
    service = SelectField(_l("Service"), coerce=int)
    person = StringField(_l("Person's e-mail address"), validators=[Optional(), Length(max=254)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    until = DateField(_l("Until"), validators=[Optional()], description=_l("Empty: until lifted."))
    submit = SubmitField(_l("Place the hold"))


class LiftHoldForm(FlaskForm):
    reason = TextAreaField(
        _l("Why the hold is lifted"), validators=[DataRequired(), Length(max=2000)]
    )
    submit = SubmitField(_l("Lift the hold"))


class PersonForm(FlaskForm):
    person = StringField(
        _l("Person's e-mail address"), validators=[DataRequired(), Length(max=254)]
    )
    submit = SubmitField(_l("Find"))


class BackFillForm(FlaskForm):
    submit = SubmitField(_l("Give records without an authority theirs"))
