import pytest

from servicedesk.models.ticket import format_reference, parse_reference


def test_format():
    assert format_reference("incident", 123) == "INC-000123"
    assert format_reference("service_request", 124) == "REQ-000124"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INC-000123", ("incident", 123)),
        (" req-42 ", ("service_request", 42)),
        ("CHG-1", None),
        ("INC-", None),
        ("INC-12a", None),
        ("hello", None),
    ],
)
def test_parse(text, expected):
    assert parse_reference(text) == expected


@pytest.mark.parametrize("text", ["CHG-²", "PRB-¹²", "CHG-1234567890", "PRB-", "CHG-x"])
def test_change_and_problem_references_refuse_odd_numbers(text):
    from servicedesk.domain.changes.links import parse_change_reference
    from servicedesk.domain.changes.problems import parse_problem_reference

    assert parse_change_reference(text) is None
    assert parse_problem_reference(text) is None


def test_change_and_problem_references():
    from servicedesk.domain.changes.links import parse_change_reference
    from servicedesk.domain.changes.problems import parse_problem_reference

    assert parse_change_reference(" chg-000045 ") == 45
    assert parse_problem_reference("PRB-7") == 7
    assert parse_problem_reference("CHG-7") is None
