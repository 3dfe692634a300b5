"""Forms shared by the portal and the desk (CSRF on every one of them)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from servicedesk.domain import labels


def impact_choices():
    return [(k, v) for k, v in labels.IMPACT.items()]


def urgency_choices():
    return [(k, v) for k, v in labels.URGENCY.items()]


class NewTicketForm(FlaskForm):
    ticket_type = RadioField(
        _l("What is it about?"),
        choices=[
            ("incident", _l("Something is not working (report a fault)")),
            ("service_request", _l("I want to order something or ask a question")),
        ],
        default="incident",
        validators=[DataRequired()],
    )
    service = SelectField(
        _l("Service"),
        coerce=int,
        description=_l(
            "Choose the service or system the case is about. Unsure? Choose "
            "“I don't know” and the service desk will place it."
        ),
    )
    title = StringField(
        _l("Subject"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("A short summary. Do not write secret or sensitive details here."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[DataRequired(), Length(max=50_000)],
        description=_l(
            "What happened, what you expected, and any error message. Markdown is allowed."
        ),
    )
    impact = RadioField(_l("Who is affected?"), coerce=int, default=3)
    urgency = RadioField(_l("How urgent is it?"), coerce=int, default=3)
    attachment = MultipleFileField(_l("Attach files"))
    submit = SubmitField(_l("Send"))

    def __init__(self, *args, service_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.service.choices = [(0, str(_l("I don't know")))] + list(service_choices)
        self.impact.choices = impact_choices()
        self.urgency.choices = urgency_choices()


class PhoneTicketForm(NewTicketForm):
    requester_email = StringField(
        _l("Caller's e-mail address"),
        validators=[DataRequired(), Length(max=254)],
        description=_l("The employee who called; the case is filed in their name."),
    )


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=50_000)])
    internal = BooleanField(_l("Internal note (never shown to the requester)"))
    attachment = FileField(_l("Attach file"))
    submit = SubmitField(_l("Send"))


class PortalReplyForm(ReplyForm):
    """The requester's reply: several files at once (never internal)."""

    attachment = MultipleFileField(_l("Attach files"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Why?"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Reopen"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm that it is solved"))


class StatusForm(FlaskForm):
    version = HiddenField()
    status = SelectField(_l("Status"))
    pending_reason = SelectField(
        _l("Waiting for"),
        choices=[("", "—")] + [(k, v) for k, v in labels.PENDING_REASON.items()],
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save status"))


class ClassifyForm(FlaskForm):
    version = HiddenField()
    impact = SelectField(_l("Impact"), coerce=int)
    urgency = SelectField(_l("Urgency"), coerce=int)
    service = SelectField(_l("Service"), coerce=int)
    reroute = BooleanField(_l("Route again if the service changes"))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, service_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.impact.choices = impact_choices()
        self.urgency.choices = urgency_choices()
        self.service.choices = [(0, "—")] + list(service_choices)


class AssignForm(FlaskForm):
    version = HiddenField()
    assignee = SelectField(_l("Assignee"), coerce=int)
    submit = SubmitField(_l("Assign"))


class ClaimForm(FlaskForm):
    version = HiddenField()
    submit = SubmitField(_l("Take the ticket"))


class TransferForm(FlaskForm):
    version = HiddenField()
    queue = SelectField(_l("To queue"), coerce=int)
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])
    submit = SubmitField(_l("Transfer"))


class PresenceForm(FlaskForm):
    """The agent's away/present toggle on the desk dashboard."""

    submit = SubmitField(_l("Save"))


class FindForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Ticket number"), validators=[DataRequired(), Length(max=40)])


def version_of(form) -> int | None:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None
