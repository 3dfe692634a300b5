"""Forms of resolution and standard answers: the agent's resolve form, the requester's
"is your problem solved?" answer, and the admin pages for closure codes, standard answers
and macros (CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from servicedesk.domain.tickets.lifecycle import COMMENT_MAX


class ResolveForm(FlaskForm):
    """Required fields are checked by the domain (the same rule for the API), so only
    their flags are set here, for the labels."""

    version = HiddenField()
    solution = TextAreaField(
        _l("Solution"),
        id="resolve-solution",
        description=_l("Shown first to the requester on their case and in the mail. Markdown."),
        validators=[Length(max=COMMENT_MAX)],
    )
    closure_code = SelectField(_l("Closure code"), id="resolve-closure-code")
    submit = SubmitField(_l("Resolve the case"), id="resolve-submit")

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.closure_code.choices = [("", _l("Choose…")), *choices]
        self.solution.flags.required = True
        self.closure_code.flags.required = True


class ResolutionAnswerForm(FlaskForm):
    """The requester's one choice on a resolved case; the reason belongs to "no"."""

    answer = RadioField(
        _l("Is your problem solved?"),
        choices=[("yes", _l("Yes, close the case")), ("no", _l("No, reopen it"))],
        validators=[DataRequired(message=_l("Choose yes or no."))],
        id="resolution-answer",
    )
    reason = TextAreaField(
        _l("Why is it not solved?"),
        id="resolution-reason",
        description=_l("Required when you reopen the case."),
        validators=[Length(max=1000)],
    )
    submit = SubmitField(_l("Send"), id="resolution-submit")


class ClosureCodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        description=_l("Used by the API and reports; cannot be changed later."),
        validators=[Length(max=50)],
    )
    name_sv = StringField(_l("Name (Swedish)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    position = IntegerField(
        _l("Order in the list"), default=0, validators=[Optional(), NumberRange(0, 1000)]
    )
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class StandardAnswerForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    queue = SelectField(_l("Queue"), coerce=int)
    body_sv = TextAreaField(
        _l("Text (Swedish)"), validators=[DataRequired(), Length(max=COMMENT_MAX)]
    )
    body_en = TextAreaField(
        _l("Text (English)"),
        description=_l("Used for requesters who read English; empty: the Swedish text."),
        validators=[Length(max=COMMENT_MAX)],
    )
    keywords = StringField(
        _l("Keywords"), description=_l("Words agents may search for."), validators=[Length(max=500)]
    )
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class MacroForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    queue = SelectField(_l("Queue"), coerce=int)
    answer = SelectField(_l("Standard answer (sent as a public reply)"), coerce=int)
    assign_to_me = BooleanField(_l("Assign the case to the agent who applies it"))
    status = SelectField(_l("New status"))
    pending_reason = SelectField(_l("Waiting for"))
    closure_code = SelectField(_l("Closure code (when it resolves)"), coerce=int)
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))
