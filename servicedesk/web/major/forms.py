"""Forms of the major incident pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from servicedesk.domain.major.incidents import WORKAROUND_MAX
from servicedesk.domain.tickets.lifecycle import COMMENT_MAX


class DeclareForm(FlaskForm):
    submit = SubmitField(_l("Mark as major incident"))


class LinkChildForm(FlaskForm):
    child = StringField(
        _l("Link a case"),
        validators=[Length(max=40)],
        description=_l("The number of an incident about the same fault, for example INC-000123."),
    )
    submit = SubmitField(_l("Link"))


class LinkToMajorForm(FlaskForm):
    major = StringField(
        _l("Part of a major incident"),
        validators=[Length(max=40)],
        description=_l("The major incident's case number, for example INC-000123."),
    )
    submit = SubmitField(_l("Link to the major incident"))


class UnlinkForm(FlaskForm):
    submit = SubmitField(_l("Unlink"))


class UpdateForm(FlaskForm):
    body = TextAreaField(
        _l("Update to everyone affected"),
        validators=[Length(max=COMMENT_MAX)],
        description=_l(
            "Shown on every linked case and mailed once to each requester. Never write "
            "internal details here."
        ),
    )
    submit = SubmitField(_l("Send the update"))


class WorkaroundForm(FlaskForm):
    workaround = TextAreaField(
        _l("Workaround"),
        validators=[Length(max=WORKAROUND_MAX)],
        description=_l("What the affected can do meanwhile; shown on their cases."),
    )
    submit = SubmitField(_l("Save the workaround"))


class ProblemLinkForm(FlaskForm):
    reference = StringField(
        _l("Problem record"),
        validators=[Length(max=40)],
        description=_l("A problem number (PRB-…), or leave empty to open a new problem record."),
    )
    submit = SubmitField(_l("Link the problem record"))


class ThresholdForm(FlaskForm):
    service = SelectField(_l("Service"), coerce=int)
    count = IntegerField(_l("Number of incidents"), validators=[Optional()])
    minutes = IntegerField(_l("Within minutes"), validators=[Optional()])
    submit = SubmitField(_l("Save the threshold"))


class RemoveThresholdForm(FlaskForm):
    submit = SubmitField(_l("Remove"))
