import pytest

from servicedesk.domain.tickets.priority import priority_for


@pytest.mark.parametrize(
    ("impact", "urgency", "priority"),
    [
        (1, 1, 1),
        (1, 2, 2),
        (1, 3, 3),
        (2, 1, 2),
        (2, 2, 3),
        (2, 3, 4),
        (3, 1, 3),
        (3, 2, 4),
        (3, 3, 4),
    ],
)
def test_matrix(impact, urgency, priority):
    assert priority_for(impact, urgency) == priority


@pytest.mark.parametrize(("impact", "urgency"), [(0, 1), (4, 1), (1, 0), (1, 4)])
def test_out_of_range_is_refused(impact, urgency):
    with pytest.raises(ValueError):
        priority_for(impact, urgency)
