"""Admin forms (CSRF on every one). Selects use 0 for 'none'."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from servicedesk.domain import labels
from servicedesk.web.admin import labels as admin_labels

LEVELS = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]


class ServiceForm(FlaskForm):
    name_sv = StringField(_l("Name (Swedish)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[Length(max=200)])
    description = TextAreaField(_l("Description shown to employees"), validators=[Length(max=5000)])
    keywords = StringField(
        _l("Search words"),
        validators=[Length(max=1000)],
        description=_l(
            "Words employees use for the service, separated by commas "
            "(for example: schema, lärplattform). The portal's service search finds them."
        ),
    )
    owner_unit = SelectField(_l("Owner unit"), coerce=int)
    is_common = BooleanField(_l("Common service (kommungemensam): handled by the central desk"))
    queue = SelectField(_l("Support queue"), coerce=int)
    administrator = SelectField(_l("System administrator"), coerce=int)
    deputy = SelectField(_l("Deputy"), coerce=int)
    confidentiality = SelectField(
        _l("Confidentiality"),
        coerce=int,
        choices=LEVELS,
        default=2,
        description=_l("Level 4 restricts the service's tickets to its own people."),
    )
    integrity = SelectField(_l("Integrity"), coerce=int, choices=LEVELS, default=2)
    availability = SelectField(_l("Availability"), coerce=int, choices=LEVELS, default=2)
    supplier = StringField(_l("External supplier"), validators=[Length(max=200)])
    calendar = SelectField(_l("Business-hours calendar"), coerce=int)
    sla_policy = SelectField(_l("SLA policy"), coerce=int)
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class QueueForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    unit = SelectField(_l("Unit"), coerce=int)
    lead = SelectField(_l("Queue lead"), coerce=int)
    email = StringField(_l("E-mail address"), validators=[Length(max=254)])
    is_central = BooleanField(_l("Central service desk (fallback for unplaceable cases)"))
    active = BooleanField(_l("Active"), default=True)
    auto_assign = SelectField(
        _l("Automatic assignment"),
        choices=[(k, v) for k, v in admin_labels.AUTO_ASSIGN.items()],
        default="none",
    )
    default_internal_note = BooleanField(
        _l("The ticket page's message box starts on internal note"),
        description=_l(
            "For queues that mostly write to each other, such as a supplier or second line. "
            "Agents can still switch to a reply to the requester."
        ),
    )
    members = SelectMultipleField(_l("Members"), coerce=int)
    submit = SubmitField(_l("Save"))


class UnitForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("Short name"), validators=[Length(max=40)])
    kind = SelectField(_l("Kind"), choices=[(k, v) for k, v in admin_labels.UNIT_KIND.items()])
    parent = SelectField(_l("Part of"), coerce=int)
    submit = SubmitField(_l("Save"))


class UserForm(FlaskForm):
    email = StringField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(
        _l("Password"),
        validators=[Optional(), Length(max=200)],
        description=_l("Leave empty for an account that signs in another way."),
    )
    phone = StringField(
        _l("Phone"),
        validators=[Optional(), Length(max=40)],
        description=_l("The work number the desk can find the person by, e.g. 0525-181 00."),
    )
    employee_number = StringField(_l("Employee number"), validators=[Optional(), Length(max=20)])
    unit = SelectField(_l("Unit"), coerce=int)
    roles = SelectMultipleField(
        _l("Roles"), choices=[(k, v) for k, v in labels.ROLE.items()], default=["employee"]
    )
    active = BooleanField(_l("Active"), default=True)
    queues = SelectMultipleField(_l("Queues"), coerce=int)
    submit = SubmitField(_l("Save"))


class SampleCaseForm(FlaskForm):
    """A made-up case to try the rules on."""

    sample_type = SelectField(
        _l("Ticket type"), choices=[(k, v) for k, v in labels.TICKET_TYPE.items()]
    )
    sample_service = SelectField(_l("Service"), coerce=int)
    sample_unit = SelectField(_l("Requester's unit"), coerce=int)
    sample_channel = SelectField(_l("Channel"), choices=[(k, v) for k, v in labels.CHANNEL.items()])
    sample_priority = SelectField(_l("Priority"), coerce=int, choices=LEVELS, default=3)
    sample_title = StringField(_l("Subject"), validators=[Length(max=200)])
    test = SubmitField(_l("Test where it goes"))


class RuleForm(SampleCaseForm):
    name = StringField(_l("Rule name"), validators=[DataRequired(), Length(max=200)])
    active = BooleanField(_l("Active"), default=True)
    ticket_type = SelectField(_l("When the ticket type is"))
    service = SelectField(_l("When the service is"), coerce=int)
    owner_unit = SelectField(_l("When the service is owned by"), coerce=int)
    requester_unit = SelectField(_l("When the requester belongs to"), coerce=int)
    channel = SelectField(_l("When the channel is"))
    priority = SelectField(_l("When the priority is"), coerce=int)
    title_words = StringField(
        _l("When the subject contains"),
        validators=[Length(max=500)],
        description=_l(
            "Words or phrases separated by commas; any one matches. Upper and lower case "
            "do not matter; the text is matched literally."
        ),
    )
    # Choices are not enforced here: the domain refuses inactive or missing targets with a
    # message that says which, next to the field.
    target_queue = SelectField(_l("Send to queue"), coerce=int, validate_choice=False)
    assignee = SelectField(_l("Assign to"), coerce=int, validate_choice=False)
    tag = StringField(_l("Add tag"), validators=[Length(max=50)])
    submit = SubmitField(_l("Save rule"))


class ImportForm(FlaskForm):
    file = FileField(_l("Catalog file (CSV)"), validators=[FileRequired()])
    submit = SubmitField(_l("Import"))


class ActionForm(FlaskForm):
    """A button that only carries the CSRF token (retire, move, toggle)."""

    submit = SubmitField(_l("Save"))
