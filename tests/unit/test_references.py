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
