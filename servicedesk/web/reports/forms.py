"""Forms of the reports area: the period picker, the subscription switch, the survey."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from servicedesk.domain.reports.period import Period, days, preset

PERIOD_CHOICES = [
    ("this_month", _l("This month")),
    ("last_month", _l("Last month")),
    ("last_quarter", _l("Last quarter")),
    ("custom", _l("Custom dates")),
]
MAX_DAYS = 731


class PeriodForm(FlaskForm):
    """Read from the query string: a GET form changes nothing, so no CSRF token."""

    class Meta:
        csrf = False

    preset = SelectField(_l("Period"), choices=PERIOD_CHOICES, default="last_month")
    start = DateField(_l("From date"), validators=[Optional()])
    end = DateField(_l("To date (inclusive)"), validators=[Optional()])
    submit = SubmitField(_l("Show"))

    def period(self, *, now: datetime) -> Period:
        """The chosen period; bad custom dates fall back to last month with a field error."""
        choice = self.preset.data if self.preset.data in dict(PERIOD_CHOICES) else "last_month"
        self.validate()
        if choice != "custom":
            return preset(choice, now=now)
        start, end = self.start.data, self.end.data
        if not isinstance(start, date) or not isinstance(end, date):
            self.start.errors = [*self.start.errors, _l("Give both dates.")]
        elif end < start:
            self.end.errors = [*self.end.errors, _l("The end date is before the start date.")]
        elif (end - start).days > MAX_DAYS:
            self.end.errors = [*self.end.errors, _l("At most two years at a time.")]
        else:
            return days(start, end)
        return preset("last_month", now=now)


class SubscriptionForm(FlaskForm):
    active = HiddenField()
    submit = SubmitField(_l("Save"))


class SurveyForm(FlaskForm):
    rating = RadioField(
        _l("How satisfied are you with how your case was handled?"),
        choices=[
            ("5", _l("5 Very satisfied")),
            ("4", _l("4 Satisfied")),
            ("3", _l("3 Neither")),
            ("2", _l("2 Dissatisfied")),
            ("1", _l("1 Very dissatisfied")),
        ],
        validators=[DataRequired(_l("Choose a rating."))],
    )
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Send rating"))
