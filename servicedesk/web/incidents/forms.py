"""Forms of the security area: the employee's report, the handler's facts, a clock decision.

Times are local wall-clock time (Europe/Stockholm), stored in UTC (`web/changes/forms.py`
`to_utc`, the one conversion of the staff forms)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from servicedesk.domain.security.incidents import Facts
from servicedesk.models import ClockOutcome
from servicedesk.web.changes.forms import LOCAL_FORMAT, to_utc


class _FactFields:
    confidentiality = BooleanField(_l("Confidentiality: information reached someone it should not"))
    integrity = BooleanField(_l("Integrity: information was changed or destroyed"))
    availability = BooleanField(_l("Availability: information or a system could not be used"))
    personal_data = BooleanField(_l("Personal data is involved"))

    def facts(self, *, nis2_covered: bool = False) -> Facts:
        return Facts(
            confidentiality=self.confidentiality.data,
            integrity=self.integrity.data,
            availability=self.availability.data,
            personal_data=self.personal_data.data,
            nis2_covered=nis2_covered,
        )


class ReportIncidentForm(_FactFields, FlaskForm):
    title = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        _l("What happened?"),
        validators=[DataRequired(), Length(max=50_000)],
        description=_l("When and where it happened, who noticed it, and what you have done."),
    )
    submit = SubmitField(_l("Report the incident"))


class IncidentFactsForm(_FactFields, FlaskForm):
    nis2_covered = BooleanField(_l("Covered by the cybersecurity law (NIS2)"))
    aware_at = DateTimeLocalField(
        _l("Aware since"),
        format=LOCAL_FORMAT,
        validators=[DataRequired()],
        description=_l("When the organisation became aware of it; the legal clocks run from here."),
    )
    submit = SubmitField(_l("Save the incident facts"))

    def all_facts(self) -> Facts:
        return self.facts(nis2_covered=self.nis2_covered.data)

    def aware_utc(self):
        return to_utc(self.aware_at.data)


class ClockDecisionForm(FlaskForm):
    outcome = RadioField(
        _l("Decision"),
        choices=[
            (ClockOutcome.SUBMITTED.value, _l("The report was submitted")),
            (ClockOutcome.NOT_REPORTABLE.value, _l("Not reportable")),
        ],
        validators=[DataRequired()],
    )
    submitted_at = DateTimeLocalField(
        _l("Submitted at"), format=LOCAL_FORMAT, validators=[Optional()]
    )
    authority_reference = StringField(
        _l("Reference number at the authority"), validators=[Optional(), Length(max=100)]
    )
    reason = TextAreaField(
        _l("Why it is not reportable"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Record the decision"))

    def submitted_utc(self):
        return to_utc(self.submitted_at.data)
