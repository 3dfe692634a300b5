"""Forms of the notice pages: a notice, its resolution, following a service, joining."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from servicedesk.domain import labels
from servicedesk.domain.notices.notices import BODY_MAX, TITLE_MAX, WRITABLE_KINDS
from servicedesk.web.changes.forms import LOCAL_FORMAT


class NoticeForm(FlaskForm):
    """A notice as the writer types it; the rules (a service, end after start) are the
    domain's, so the API and this form refuse the same things."""

    services = SelectMultipleField(
        _l("Services"),
        coerce=int,
        validate_choice=False,
        description=_l("The services the notice is about. Hold Ctrl to choose several."),
    )
    kind = SelectField(
        _l("Kind"),
        choices=[(k, labels.NOTICE_KIND[k]) for k in WRITABLE_KINDS],
        default="disruption",
    )
    severity = SelectField(
        _l("Severity"), coerce=int, choices=list(labels.NOTICE_SEVERITY.items()), default=2
    )
    title = StringField(_l("Title"), validators=[Length(max=TITLE_MAX)])
    body = TextAreaField(
        _l("Text"),
        validators=[Length(max=BODY_MAX)],
        description=_l("What does not work, what to do meanwhile, when the next update comes."),
    )
    starts_at = DateTimeLocalField(_l("Start"), format=LOCAL_FORMAT, validators=[Optional()])
    ends_at = DateTimeLocalField(_l("Expected end"), format=LOCAL_FORMAT, validators=[Optional()])
    major = StringField(
        _l("Major incident"),
        validators=[Length(max=40)],
        description=_l(
            "Optional: the major incident's case number. Employees can then join it with "
            "“I am also affected”."
        ),
    )
    save = SubmitField(_l("Save as draft"))
    publish = SubmitField(_l("Publish"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("services", "title", "starts_at"):  # checked by the domain
            self[name].flags.required = True


class ResolveNoticeForm(FlaskForm):
    text = TextAreaField(
        _l("Closing text"),
        validators=[Length(max=BODY_MAX)],
        description=_l("Optional: added to the notice, for example what was done."),
    )
    submit = SubmitField(_l("Mark as resolved"))


class FollowForm(FlaskForm):
    service = SelectField(_l("Service"), coerce=int)
    submit = SubmitField(_l("Follow"))
    stop = SubmitField(_l("Stop following"))


class AffectedForm(FlaskForm):
    """ "Jag är också drabbad": nothing to type, the CSRF token only."""
