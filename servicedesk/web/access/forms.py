"""Forms of the access pages: the request, a decision, a task done, a revocation, a
review answer, and the admin's access catalog."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from servicedesk.domain.access import labels

NEW_PERSON = 0


class RequestForm(FlaskForm):
    role = SelectField(_l("System and role"), coerce=int, validators=[DataRequired()])
    person = SelectField(
        _l("Who needs the access"),
        coerce=int,
        description=_l("As a manager you may ask for the people of your unit."),
    )
    person_name = StringField(
        _l("Name of the new person"),
        validators=[Optional(), Length(max=200)],
        description=_l("Only for someone who has not started yet."),
    )
    person_email = StringField(
        _l("E-mail address of the new person"),
        validators=[Optional(), Length(max=254)],
    )
    reason = TextAreaField(
        _l("Why is the access needed?"), validators=[DataRequired(), Length(max=5000)]
    )
    valid_from = DateField(_l("From"), validators=[DataRequired()])
    valid_to = DateField(
        _l("To (optional)"),
        validators=[Optional()],
        description=_l("Leave empty for as long as the person works here."),
    )
    submit = SubmitField(_l("Send the request"))


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[("approved", _l("Grant")), ("rejected", _l("Reject"))],
        validators=[DataRequired(message=_l("Choose grant or reject."))],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("The requester sees it."),
    )
    submit = SubmitField(_l("Save decision"))


class WithdrawForm(FlaskForm):
    submit = SubmitField(_l("Withdraw the request"))


class TaskForm(FlaskForm):
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Mark as done"))


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Why should the access be removed?"), validators=[DataRequired(), Length(max=5000)]
    )
    submit = SubmitField(_l("Ask for removal"))


class AnswerForm(FlaskForm):
    grant = HiddenField()
    answer = RadioField(
        _l("Answer"),
        choices=list(labels.REVIEW_ANSWER.items()),
        validators=[DataRequired(message=_l("Choose keep or revoke."))],
    )
    note = StringField(
        _l("Note"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Required when you revoke."),
    )
    submit = SubmitField(_l("Save answer"))


class AccessServiceForm(FlaskForm):
    service = SelectField(_l("Service"), coerce=int, validators=[DataRequired()])
    review_months = IntegerField(
        _l("Review every (months)"), default=3, validators=[DataRequired(), NumberRange(1, 24)]
    )
    escalate_after_days = IntegerField(
        _l("Escalate an unanswered review after (days)"),
        default=14,
        validators=[DataRequired(), NumberRange(1, 90)],
    )
    expiry_warning_days = IntegerField(
        _l("Warn before a grant ends (days)"),
        default=14,
        validators=[DataRequired(), NumberRange(1, 90)],
    )
    active = BooleanField(_l("Grants access"), default=True)
    submit = SubmitField(_l("Save"))


class AccessRoleForm(FlaskForm):
    service = SelectField(_l("Service"), coerce=int, validators=[DataRequired()])
    name_sv = StringField(_l("Name (Swedish)"), validators=[DataRequired(), Length(max=100)])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=100)])
    chain = SelectField(_l("Who approves"), choices=list(labels.CHAIN.items()))
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save role"))
