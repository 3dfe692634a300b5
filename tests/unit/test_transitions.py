import itertools

import pytest

from servicedesk.domain.tickets.lifecycle import can_transition
from servicedesk.models import Status

LEGAL = {
    ("new", "open"),
    ("new", "pending"),
    ("new", "resolved"),
    ("open", "pending"),
    ("open", "resolved"),
    ("pending", "open"),
    ("pending", "resolved"),
    ("resolved", "open"),
    ("resolved", "closed"),
}


@pytest.mark.parametrize(
    ("old", "new"), list(itertools.product([s.value for s in Status], repeat=2))
)
def test_every_transition(old, new):
    assert can_transition(old, new) is ((old, new) in LEGAL)
