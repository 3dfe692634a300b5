"""Forms of the knowledge base: an article, its state, feedback, a file, a ticket link."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FileField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from servicedesk.domain import labels
from servicedesk.domain.kb.articles import BODY_MAX, TITLE_MAX
from servicedesk.domain.kb.reading import COMMENT_MAX

NO_CHOICE = 0


class ArticleForm(FlaskForm):
    """The fields are named as in the API (`ArticleInput`); the domain checks them."""

    version = HiddenField()
    title_sv = StringField(
        _l("Title (Swedish)"),
        validators=[Length(max=TITLE_MAX)],
        description=_l("Required. Write it as an employee would search, e.g. “Byt lösenord”."),
    )
    body_sv = TextAreaField(
        _l("Text (Swedish)"),
        validators=[Length(max=BODY_MAX)],
        description=_l("Markdown: **bold**, *italic*, lists with -, links as [text](https://…)."),
        render_kw={"rows": 12},
    )
    title_en = StringField(
        _l("Title (English)"),
        validators=[Length(max=TITLE_MAX)],
        description=_l("Optional: readers who chose English see the English text."),
    )
    body_en = TextAreaField(
        _l("Text (English)"), validators=[Length(max=BODY_MAX)], render_kw={"rows": 8}
    )
    service_id = SelectField(_l("Service"), coerce=int, default=NO_CHOICE)
    audience = SelectField(
        _l("Audience"), choices=list(labels.ARTICLE_AUDIENCE.items()), default="employees"
    )
    owner_id = SelectField(_l("Owner"), coerce=int)
    review_on = DateField(
        _l("Review date"),
        validators=[Optional()],
        description=_l("The owner is reminded by e-mail when the date has passed."),
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, services=(), owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.service_id.choices = [(NO_CHOICE, _l("General (no service)")), *services]
        self.owner_id.choices = [(u.id, u.name) for u in owners]

    def values(self) -> dict:
        """The fields as the domain's `ArticleInput` names them."""
        return {
            "title_sv": self.title_sv.data or "",
            "body_sv": self.body_sv.data or "",
            "title_en": self.title_en.data or "",
            "body_en": self.body_en.data or "",
            "service_id": self.service_id.data or None,
            "audience": self.audience.data,
            "owner_id": self.owner_id.data or None,
            "review_on": self.review_on.data,
        }


class StateForm(FlaskForm):
    state = HiddenField()


class FeedbackForm(FlaskForm):
    helpful = RadioField(
        _l("Did the article help you?"),
        choices=[("yes", _l("Yes")), ("no", _l("No"))],
        validators=[Optional()],
    )
    comment = TextAreaField(
        _l("Comment (optional)"),
        validators=[Length(max=COMMENT_MAX)],
        description=_l("What was missing or unclear? The article's owner reads it."),
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Send"))


class FileForm(FlaskForm):
    file = FileField(_l("File or image"))
    submit = SubmitField(_l("Upload"))


class TicketLinkForm(FlaskForm):
    article_id = HiddenField()
