"""The queue list's forms: a bulk action on the selected rows, and saving a view."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from servicedesk.domain.tickets.bulk import (
    ASSIGN,
    CLAIM,
    MAJOR,
    REASON_MAX,
    STATUS,
    TAG,
    TAG_MAX,
    TRANSFER,
)
from servicedesk.models.saved_view import VIEW_NAME_MAX

BULK_ACTION_LABELS = (
    (CLAIM, _l("Take the cases (claim)")),
    (ASSIGN, _l("Assign to")),
    (STATUS, _l("Change status")),
    (TRANSFER, _l("Transfer to a queue")),
    (TAG, _l("Add a tag")),
    (MAJOR, _l("Link to a major incident")),
)


class BulkForm(FlaskForm):
    """What to do with the selected rows; the rows are the `ticket` checkboxes
    ("<id>:<version>"), read from the request, not a field of this form."""

    action = SelectField(_l("Action"), choices=BULK_ACTION_LABELS)
    assignee = SelectField(_l("Assignee"), coerce=int, validate_choice=False)
    status = SelectField(_l("New status"), validate_choice=False)
    queue = SelectField(_l("To queue"), coerce=int, validate_choice=False)
    reason = StringField(_l("Reason for the transfer"), validators=[Length(max=REASON_MAX)])
    tag = StringField(_l("Tag"), validators=[Length(max=TAG_MAX)])
    major = StringField(_l("Major incident (case number)"), validators=[Length(max=40)])
    back = HiddenField()
    submit = SubmitField(_l("Apply to the selected cases"))


class SaveViewForm(FlaskForm):
    name = StringField(
        _l("Name of the view"), validators=[DataRequired(), Length(max=VIEW_NAME_MAX)]
    )
    share_queue = SelectField(_l("Who sees it"), coerce=int, validate_choice=False)
    query = HiddenField()
    submit = SubmitField(_l("Save the view"))


class EditViewForm(SaveViewForm):
    submit = SubmitField(_l("Save the changes"))


class DeleteViewForm(FlaskForm):
    submit = SubmitField(_l("Delete the view"))
