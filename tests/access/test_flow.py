"""The "done when" flow of access, in the domain: request, two approvals, the fulfilment
task in the care system's queue, the grant in the register, the quarterly review kept,
the employee deactivated and the revocation task opened."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from servicedesk.domain.access import register, requests, reviews, tasks
from servicedesk.domain.admin.users import update_user
from servicedesk.infra.extensions import db
from servicedesk.models import AccessGrant, AccessTask, AuditLog, OutboxMessage, Status
from servicedesk.models.access import RequestState, ReviewState, TaskReason, TaskState


def _audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def test_request_approve_fulfil_review_and_departure(access, ask, now):
    org = access.org
    request = ask()
    assert request.reference.startswith("BEH-")
    assert request.ticket.type == "access"
    assert [p.id for p in requests.approvers_for(request, request.current_step)] == [
        access.manager.id
    ]
    approval_mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "access_approval")
    ).all()
    assert [m.to_address for m in approval_mail] == [access.manager.email]

    requests.decide(request, access.manager, "approved", reason="Behövs i tjänsten", now=now)
    db.session.commit()
    assert request.state == RequestState.PENDING and request.current_step == "administrator"
    requests.decide(request, access.administrator, "approved", reason="OK", now=now)
    db.session.commit()
    assert request.state == RequestState.APPROVED
    task = db.session.scalar(select(AccessTask).where(AccessTask.request_id == request.id))
    assert task.queue_id == org.soc_queue.id and task.state == TaskState.OPEN
    assert task in tasks.open_tasks(org.soc_agent)
    assert task not in tasks.open_tasks(org.agent)  # the central desk is not the care queue

    grant = tasks.complete_task(task, org.soc_agent, note="Lagt upp i systemet", now=now)
    db.session.commit()
    assert grant.person_id == org.other_employee.id and grant.role_id == access.handler.id
    assert grant.request_id == request.id
    assert grant.decision.approver_id == access.administrator.id
    assert request.state == RequestState.FULFILLED
    assert request.ticket.status == Status.RESOLVED
    assert grant in db.session.scalars(register.visible_grants(access.manager)).all()

    later = now + timedelta(days=1)
    [review] = reviews.open_due_reviews(now=later)
    db.session.commit()
    assert [line.grant_id for line in review.lines] == [grant.id]
    assert reviews.open_due_reviews(now=later + timedelta(days=1)) == []  # one per cycle
    reviews.answer_line(review, access.administrator, grant.id, "keep", now=later)
    db.session.commit()
    assert review.state == ReviewState.DONE

    update_user(
        org.admin,
        org.other_employee,
        name=org.other_employee.name,
        unit=org.other_employee.unit,
        active=False,
        roles={"employee"},
        now=later,
    )
    db.session.commit()
    revoke = db.session.scalar(
        select(AccessTask).where(AccessTask.grant_id == grant.id, AccessTask.kind == "revoke")
    )
    assert revoke.reason == TaskReason.DEPARTURE and revoke.queue_id == org.soc_queue.id
    tasks.complete_task(revoke, org.soc_agent, now=later)
    db.session.commit()
    assert db.session.get(AccessGrant, grant.id).revoked_at is not None
    actions = _audit_actions()
    for action in (
        "access_requested",
        "access_decision",
        "access_granted",
        "access_review_answer",
        "access_revocation_requested",
        "access_revoked",
    ):
        assert action in actions, action
    assert actions.count("access_decision") == 2
