"""The change state machine, every (from, to) pair: legal moves succeed through the domain
function, illegal ones raise InvalidTransition and change nothing."""

from __future__ import annotations

import itertools

import pytest

from servicedesk.domain.changes.approvals import record_review
from servicedesk.domain.changes.state import TRANSITIONS, can_transition, risk_level
from servicedesk.domain.changes.workflow import available_transitions, transition
from servicedesk.domain.errors import InvalidTransition
from servicedesk.infra.extensions import db
from servicedesk.models import ChangeHistory, ChangeState

STATES = [s.value for s in ChangeState]
OPEN = [s for s in STATES if s not in ("closed", "cancelled")]
LEGAL = {
    ("draft", "submitted"),
    ("submitted", "assessment"),
    ("assessment", "awaiting_approval"),
    ("assessment", "approved"),
    ("awaiting_approval", "approved"),
    ("awaiting_approval", "rejected"),
    ("rejected", "draft"),
    ("approved", "scheduled"),
    ("scheduled", "in_progress"),
    ("in_progress", "implemented"),
    ("implemented", "under_review"),
    ("under_review", "closed"),
} | {(s, "cancelled") for s in OPEN}
ALL_PAIRS = list(itertools.product(STATES, STATES))


def test_table_is_exactly_the_documented_one():
    table = {(a.value, b.value) for a, targets in TRANSITIONS.items() for b in targets}
    assert table == LEGAL


@pytest.mark.parametrize(("old", "new"), ALL_PAIRS)
def test_can_transition_every_pair(old, new):
    assert can_transition(old, new) == ((old, new) in LEGAL)


ILLEGAL = [p for p in ALL_PAIRS if p not in LEGAL]


@pytest.mark.parametrize(("old", "new"), ILLEGAL)
def test_illegal_transition_is_refused_and_changes_nothing(app, world, now, old, new):
    change = world.change(now=now)
    change.state = old
    db.session.commit()
    history = db.session.query(ChangeHistory).count()
    with pytest.raises(InvalidTransition) as err:
        transition(change, world.org.admin, new, now=now)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert "cannot move" in str(err.value.message)
    assert change.state == old
    assert db.session.query(ChangeHistory).count() == history


BY_BUTTON = [
    p
    for p in sorted(LEGAL)
    if p not in {("awaiting_approval", "approved"), ("awaiting_approval", "rejected")}
]


@pytest.mark.parametrize(("old", "new"), BY_BUTTON)
def test_legal_transition_by_the_owner(world, now, old, new):
    kind = "standard" if (old, new) == ("assessment", "approved") else "normal"
    change = world.change(now=now, kind=kind)
    change.state = old
    db.session.commit()
    if new == "closed":
        change.state = "implemented"
        record_review(change, world.org.agent, outcome="successful", notes="", now=now)
    transition(change, world.org.agent, new, now=now)
    assert change.state == new
    last = db.session.query(ChangeHistory).filter_by(field="state").order_by(ChangeHistory.id).all()
    assert (last[-1].old_value, last[-1].new_value) == (old, new)


@pytest.mark.parametrize("new", ["approved", "rejected"])
def test_approval_outcomes_are_not_buttons(world, now, new):
    change = world.change(now=now)
    change.state = "awaiting_approval"
    db.session.commit()
    with pytest.raises(InvalidTransition):
        transition(change, world.org.admin, new, now=now)
    assert new not in available_transitions(change, world.org.admin)


def test_standard_skips_and_normal_needs_approval_buttons(world, now):
    normal = world.change(now=now)
    standard = world.change(now=now, kind="standard")
    normal.state = standard.state = "assessment"
    assert available_transitions(normal, world.org.agent) == ["awaiting_approval", "cancelled"]
    assert available_transitions(standard, world.org.agent) == ["approved", "cancelled"]


@pytest.mark.parametrize(
    ("likelihood", "impact", "level"),
    [
        (1, 1, "low"),
        (1, 3, "low"),
        (2, 2, "medium"),
        (2, 3, "medium"),
        (3, 3, "high"),
        (4, 2, "high"),
        (3, 4, "very_high"),
        (4, 4, "very_high"),
        (None, 2, None),
    ],
)
def test_risk_matrix(likelihood, impact, level):
    assert risk_level(likelihood, impact) == level


def test_risk_matrix_rejects_out_of_range():
    with pytest.raises(ValueError):
        risk_level(5, 1)


def test_buttons_only_for_those_who_may_press_them(world, now):
    change = world.change(now=now, owner=world.org.admin)  # requester: agent, owner: admin
    assert available_transitions(change, world.org.agent) == ["cancelled", "submitted"]
    assert available_transitions(change, world.controller) == []
    change.state = "approved"
    assert available_transitions(change, world.org.agent) == ["cancelled"]
    assert available_transitions(change, world.org.admin) == ["cancelled", "scheduled"]


def test_a_normal_change_cannot_be_approved_by_a_move_on_any_path(world, now):
    """The page and the API share transition(): a normal change asks its approvers."""
    change = world.change(now=now)
    change.state = "assessment"
    db.session.commit()
    with pytest.raises(InvalidTransition):
        transition(change, world.org.admin, "approved", now=now)
    assert change.state == "assessment" and not change.approvals
