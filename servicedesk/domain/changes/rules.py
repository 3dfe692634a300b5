"""What a change must carry before it can be submitted, per kind (guideline 3.6, 3.8)."""

from __future__ import annotations

from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l

from servicedesk.domain.errors import ValidationError
from servicedesk.models import Change, ChangeKind

FIELD_LABELS = {
    "title": _l("Title"),
    "services": _l("Affected services"),
    "risk_likelihood": _l("Likelihood"),
    "risk_impact": _l("Impact"),
    "risk_text": _l("Risk assessment"),
    "consequence": _l("Consequence description"),
    "cost_one_off": _l("One-off cost (SEK)"),
    "cost_yearly": _l("Yearly operating cost (SEK)"),
    "implementation_plan": _l("Implementation plan"),
    "backout_plan": _l("Back-out plan"),
    "test_plan": _l("Test plan"),
    "expected_benefit": _l("Expected benefit"),
}
REQUIRED_TO_SUBMIT: dict[str, tuple[str, ...]] = {
    ChangeKind.STANDARD: ("services",),
    ChangeKind.NORMAL: (
        "services",
        "expected_benefit",
        "risk_likelihood",
        "risk_impact",
        "risk_text",
        "consequence",
        "cost_one_off",
        "cost_yearly",
        "implementation_plan",
        "backout_plan",
        "test_plan",
    ),
    ChangeKind.EMERGENCY: (
        "services",
        "risk_likelihood",
        "risk_impact",
        "implementation_plan",
        "backout_plan",
    ),
}


class MissingFields(ValidationError):
    """Submission refused: `fields` names every missing input, for errors next to fields."""

    def __init__(self, fields: list[str]):
        def message() -> str:
            names = ", ".join(str(FIELD_LABELS.get(f, f)) for f in fields)
            return gettext("Fill in before submitting: %(fields)s.", fields=names)

        super().__init__(LazyString(message), field=fields[0])
        self.fields = fields


def missing_for_submission(change: Change) -> list[str]:
    missing = []
    for field in REQUIRED_TO_SUBMIT[ChangeKind(change.kind)]:
        value = change.services if field == "services" else getattr(change, field)
        if value is None or value == "" or value == []:
            missing.append(field)
    return missing
