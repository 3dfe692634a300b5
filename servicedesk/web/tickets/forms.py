"""Forms shared by the portal and the desk (CSRF on every one of them)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from markupsafe import Markup, escape
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
from wtforms.widgets import Select

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
    """The portal's form in the agent's words: the agent files what the caller tells."""

    requester_email = StringField(
        _l("The caller's e-mail address"),
        validators=[DataRequired(), Length(max=254)],
        description=_l(
            "Filled in when you choose the caller above; the case is filed in their name."
        ),
    )
    ticket_type = RadioField(
        _l("The caller's case is about…"),
        choices=[
            ("incident", _l("A fault for the caller (something is not working)")),
            ("service_request", _l("An order or a question on the caller's behalf")),
        ],
        default="incident",
        validators=[DataRequired()],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[DataRequired(), Length(max=50_000)],
        description=_l(
            "What the caller tells: what happened, what they expected, any error message. "
            "Markdown is allowed."
        ),
    )


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=50_000)])
    attachment = FileField(_l("Attach file"))
    submit = SubmitField(_l("Send"))


class ComposerForm(ReplyForm):
    """The staff ticket page's message box: a reply to the requester or an internal note,
    chosen with two tab-like radio buttons (the queue decides which one it starts on)."""

    body = TextAreaField(
        _l("Message"), validators=[DataRequired(), Length(max=50_000)], id="reply-body"
    )
    audience = RadioField(
        _l("Kind of message"),
        choices=[("public", _l("Reply to requester")), ("internal", _l("Internal note"))],
        default="public",
        validators=[DataRequired()],
    )

    @property
    def internal(self) -> bool:
        return self.audience.data == "internal"


class PortalReplyForm(ReplyForm):
    """The requester's reply: several files at once (never internal)."""

    attachment = MultipleFileField(_l("Attach files"))


class PlainSelect(Select):
    """A select whose options are written directly: WTForms builds every option's attributes
    through `html_params` (a sort and several escapes each), which made the side panel's
    lists a large share of the staff ticket page's time. Same markup, options carrying
    their own attributes (`render_kw`) go the general way."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(choice.value)}">{label}</option>')


PLAIN_SELECT = PlainSelect()


class TicketPanelForm(FlaskForm):
    """The staff ticket page's side panel: every field of the case, one save."""

    version = HiddenField()
    seen = HiddenField()  # the values the panel was shown with (see desk._stale)
    status = SelectField(_l("Status"), widget=PLAIN_SELECT)
    pending_reason = SelectField(
        _l("Waiting for"),
        choices=[("", "—")] + [(k, v) for k, v in labels.PENDING_REASON.items()],
        validators=[Optional()],
        description=_l("Required when the status is pending."),
        widget=PLAIN_SELECT,
    )
    assignee = SelectField(_l("Assignee"), coerce=int, widget=PLAIN_SELECT)
    queue = SelectField(_l("Queue"), coerce=int, widget=PLAIN_SELECT)
    transfer_reason = TextAreaField(
        _l("Reason for the transfer"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Required when the queue changes; kept in the history."),
    )
    service = SelectField(_l("Service"), coerce=int, widget=PLAIN_SELECT)
    reroute = BooleanField(_l("Route again if the service changes"))
    impact = SelectField(_l("Impact"), coerce=int, widget=PLAIN_SELECT)
    urgency = SelectField(_l("Urgency"), coerce=int, widget=PLAIN_SELECT)
    tags = StringField(
        _l("Tags"),
        validators=[Optional(), Length(max=1100)],
        description=_l("Separate tags with commas."),
    )
    submit = SubmitField(_l("Save changes"))


class ClaimForm(FlaskForm):
    version = HiddenField()
    submit = SubmitField(_l("Take the ticket"))


class PresenceForm(FlaskForm):
    """The agent's away/present toggle on the desk dashboard."""

    submit = SubmitField(_l("Save"))


def version_of(form) -> int | None:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None
