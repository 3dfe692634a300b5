"""Submission rules, approval rounds, emergency path, permissions and approval mail."""

from __future__ import annotations

import pytest

from servicedesk.domain.changes.approvals import decide, record_review, required_approvers
from servicedesk.domain.changes.workflow import MissingFields, transition, update_change
from servicedesk.domain.errors import InvalidTransition, PermissionDenied, ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import ChangeApproval, OutboxMessage


def _to_assessment(world, change, now):
    transition(change, world.org.agent, "submitted", now=now)
    transition(change, world.org.agent, "assessment", now=now)


def _request(world, change, now):
    _to_assessment(world, change, now)
    transition(change, world.org.agent, "awaiting_approval", now=now)
    db.session.commit()


def test_normal_change_needs_every_assessment_field(world, now):
    change = world.change(
        now=now,
        risk_likelihood=None,
        consequence="",
        cost_one_off=None,
        backout_plan="",
        test_plan="",
    )
    with pytest.raises(MissingFields) as err:
        transition(change, world.org.agent, "submitted", now=now)
    assert err.value.fields == [
        "risk_likelihood",
        "consequence",
        "cost_one_off",
        "backout_plan",
        "test_plan",
    ]
    assert change.state == "draft"


def test_a_change_without_services_cannot_be_submitted(world, now):
    change = world.change(now=now, services=[])
    with pytest.raises(MissingFields) as err:
        transition(change, world.org.agent, "submitted", now=now)
    assert err.value.fields == ["services"]


def test_standard_change_is_pre_approved(world, now):
    change = world.change(now=now, kind="standard", risk_text="", test_plan="")
    _to_assessment(world, change, now)
    transition(change, world.org.agent, "approved", now=now)
    assert change.state == "approved"
    assert db.session.query(ChangeApproval).count() == 0


def test_low_risk_needs_the_systemforvaltare_only(world, now):
    change = world.change(now=now)
    assert [(u.id, r) for u, r in required_approvers(change)] == [
        (world.controller.id, "service_owner")
    ]


def test_deputy_approves_when_there_is_no_systemforvaltare(world, now):
    world.finance.administrator = None
    change = world.change(now=now)
    assert [u.id for u, _ in required_approvers(change)] == [world.deputy.id]


def test_high_risk_adds_the_cab(world, now):
    change = world.change(now=now, risk_likelihood=3, risk_impact=3)
    assert {u.id for u, _ in required_approvers(change)} == {world.controller.id, world.cab.id}


def test_all_approvals_are_required(world, now):
    change = world.change(now=now, risk_likelihood=4, risk_impact=3)
    _request(world, change, now)
    assert change.state == "awaiting_approval"
    version = change.version
    decide(change, world.controller, "approved", comment="OK", now=now)
    db.session.commit()
    assert change.state == "awaiting_approval"
    assert change.version == version + 1  # concurrent deciders collide on the version
    decide(change, world.cab, "approved", now=now)
    assert change.state == "approved"
    approval = db.session.query(ChangeApproval).filter_by(approver_id=world.controller.id).one()
    assert (approval.decision, approval.comment, approval.decided_at) == ("approved", "OK", now)


def test_one_rejection_rejects(world, now):
    change = world.change(now=now, risk_likelihood=4, risk_impact=3)
    _request(world, change, now)
    decide(change, world.cab, "rejected", comment="Fel fönster", now=now)
    assert change.state == "rejected"
    with pytest.raises(InvalidTransition):
        decide(change, world.controller, "approved", now=now)


def test_rejection_needs_a_reason(world, now):
    change = world.change(now=now)
    _request(world, change, now)
    with pytest.raises(ValidationError):
        decide(change, world.controller, "rejected", comment=" ", now=now)
    assert change.state == "awaiting_approval"


def test_only_pending_approvers_decide(world, now):
    change = world.change(now=now)
    _request(world, change, now)
    for outsider in (world.org.agent, world.org.admin, world.cab):
        with pytest.raises(PermissionDenied):
            decide(change, outsider, "approved", now=now)
    decide(change, world.controller, "approved", now=now)
    with pytest.raises(InvalidTransition):
        decide(change, world.controller, "approved", now=now)


def test_emergency_needs_one_authorised_approval_and_a_review(world, now):
    change = world.change(now=now, kind="emergency", test_plan="", cost_one_off=None)
    _request(world, change, now)
    assert {a.role for a in change.approvals} == {"emergency"}
    assert {a.approver_id for a in change.approvals} == {world.cab.id, world.org.admin.id}
    decide(change, world.cab, "approved", comment="Akut", now=now)
    assert change.state == "approved"
    for state in ("scheduled", "in_progress", "implemented", "under_review"):
        transition(change, world.org.agent, state, now=now)
    with pytest.raises(ValidationError):
        transition(change, world.org.agent, "closed", now=now)
    change.state = "implemented"
    record_review(change, world.org.agent, outcome="successful", notes="Gick bra", now=now)
    transition(change, world.org.agent, "closed", now=now)
    assert change.state == "closed"


def test_only_the_owner_schedules_starts_and_implements(world, now):
    change = world.change(now=now)
    change.state = "approved"
    db.session.commit()
    with pytest.raises(PermissionDenied):
        transition(change, world.org.buf_agent, "scheduled", now=now)
    transition(change, world.org.admin, "scheduled", now=now)  # admins may
    for state in ("in_progress", "implemented"):
        with pytest.raises(PermissionDenied):
            transition(change, world.controller, state, now=now)
        transition(change, world.org.agent, state, now=now)
    assert change.state == "implemented"


def test_employees_cannot_create_or_edit(world, now):
    change = world.change(now=now)
    with pytest.raises(PermissionDenied):
        update_change(change, world.org.employee, title="x", now=now)
    with pytest.raises(PermissionDenied):
        world.change(world.org.employee, now=now)


def test_edits_are_recorded_and_locked_after_approval_is_requested(world, now):
    change = world.change(now=now)
    update_change(change, world.org.agent, cost_one_off=50000, title="Ny titel", now=now)
    fields = {(h.field, h.old_value, h.new_value) for h in change_history(change)}
    assert ("cost_one_off", "40000", "50000") in fields
    assert ("title", "Uppgradera ekonomisystemet", "Ny titel") in fields
    _request(world, change, now)
    with pytest.raises(ValidationError):
        update_change(change, world.org.agent, title="Sent", now=now)


def change_history(change):
    from servicedesk.models import ChangeHistory

    return db.session.query(ChangeHistory).filter_by(change_id=change.id).all()


def test_approval_mail_is_queued_in_each_approvers_language(world, now):
    change = world.change(now=now, risk_likelihood=4, risk_impact=4)
    _request(world, change, now)
    mails = {m.recipient_id: m for m in db.session.query(OutboxMessage).all()}
    swedish = mails[world.controller.id]
    english = mails[world.cab.id]
    assert swedish.key == f"change:{change.id}:approval:{world.controller.id}"
    assert swedish.to_address == "frida@tanum.example"
    assert "Godkännande begärs" in swedish.subject and change.reference in swedish.subject
    assert "Ekonomisystemet" in swedish.body_text
    assert f"/changes/{change.id}" in swedish.body_html
    assert english.subject.startswith("Approval requested")
    assert "Finance system" in english.body_text


def test_a_second_round_mails_again(world, now):
    change = world.change(now=now)
    _request(world, change, now)
    decide(change, world.controller, "rejected", comment="Fel fönster", now=now)
    transition(change, world.org.agent, "draft", now=now)
    _request(world, change, now.replace(hour=11))
    assert db.session.query(OutboxMessage).count() == 2
