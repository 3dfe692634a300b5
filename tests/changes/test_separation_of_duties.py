"""Separation of duties (issue 13, finding 15): whoever asked for or carries out a change
never approves it, on every path; nobody is asked who may not see the change."""

from __future__ import annotations

import pytest

from servicedesk.domain.changes.approvals import decide, required_approvers
from servicedesk.domain.changes.workflow import transition
from servicedesk.domain.errors import PermissionDenied
from servicedesk.infra.extensions import db


def _request(change, actor, now):
    for state in ("submitted", "assessment", "awaiting_approval"):
        transition(change, actor, state, now=now)
    db.session.commit()


def test_the_systemforvaltare_who_asks_for_a_change_does_not_approve_it(world, now):
    change = world.change(world.controller, now=now)
    assert [u.id for u, _ in required_approvers(change)] == [world.deputy.id]
    _request(change, world.controller, now)
    with pytest.raises(PermissionDenied) as refused:
        decide(change, world.controller, "approved", now=now)
    assert refused.value.code == "separation_of_duties"
    assert change.state == "awaiting_approval"
    decide(change, world.deputy, "approved", now=now)
    assert change.state == "approved"


def test_without_another_owner_the_cab_decides(world, now):
    world.finance.deputy = None
    change = world.change(world.controller, now=now)
    assert {u.id for u, _ in required_approvers(change)} == {world.cab.id}


def test_an_emergency_change_is_not_approved_by_its_requester(world, now):
    change = world.change(world.cab, now=now, kind="emergency", test_plan="", cost_one_off=None)
    assert world.cab.id not in {u.id for u, _ in required_approvers(change)}
    _request(change, world.cab, now)
    with pytest.raises(PermissionDenied):
        decide(change, world.cab, "approved", now=now)
    assert change.state == "awaiting_approval"


def test_an_old_round_that_names_the_requester_is_still_refused(world, now):
    """Approval rows from before the rule: the decision itself checks the parties."""
    from servicedesk.models import ChangeApproval

    change = world.change(world.controller, now=now)
    _request(change, world.controller, now)
    db.session.add(
        ChangeApproval(
            change_id=change.id,
            approver_id=world.controller.id,
            role="service_owner",
            requested_at=now,
        )
    )
    db.session.commit()
    with pytest.raises(PermissionDenied):
        decide(change, world.controller, "approved", now=now)
