"""Bad input refused with a stable code and nothing changed; the scheduled work runs once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from servicedesk.boundary.unit_of_work import commit_or_error
from servicedesk.domain.access import register, reports, requests, reviews, tasks
from servicedesk.domain.errors import DomainError
from servicedesk.infra.extensions import db
from servicedesk.models import (
    AccessDecision,
    AccessRequest,
    AccessTask,
    AuditLog,
    OutboxMessage,
    Ticket,
)
from servicedesk.models.access import RequestState, ReviewState


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _refused(action, code: str) -> None:
    before = (_count(AccessDecision), _count(AuditLog), _count(AccessTask), _count(Ticket))
    with pytest.raises(DomainError) as caught:
        commit_or_error(action)
    assert caught.value.code == code
    after = (_count(AccessDecision), _count(AuditLog), _count(AccessTask), _count(Ticket))
    assert after == before


def test_approving_your_own_request_is_refused(access, ask, now):
    # The systemförvaltare asks for the administrator role for herself: her deputy
    # approves, she may not.
    access.org.care.deputy = access.org.soc_agent
    db.session.commit()
    me = access.administrator
    request = ask(actor=me, person=me, role=access.admin_role)
    assert requests.approvers_for(request, request.current_step) == [access.org.soc_agent]
    _refused(lambda: requests.decide(request, me, "approved", reason="ja", now=now), "own_request")
    assert db.session.get(AccessRequest, request.id).state == RequestState.PENDING


def test_a_non_approver_of_the_step_is_refused(access, ask, now):
    request = ask()
    # The systemförvaltare decides the second step, not the manager's first.
    _refused(
        lambda: requests.decide(request, access.administrator, "approved", reason="ja", now=now),
        "not_approver",
    )
    _refused(
        lambda: requests.decide(request, access.org.agent, "approved", reason="ja", now=now),
        "not_approver",
    )


def test_approving_twice_is_refused(access, ask, now, make_user):
    # The manager is also the care system's deputy: one decision per person and request.
    access.org.care.deputy = access.manager
    db.session.commit()
    request = ask()
    requests.decide(request, access.manager, "approved", reason="ja", now=now)
    db.session.commit()
    _refused(
        lambda: requests.decide(request, access.manager, "approved", reason="igen", now=now),
        "already_decided",
    )
    assert request.step == 1


def test_approving_a_withdrawn_request_is_refused(access, ask, now):
    request = ask()
    commit_or_error(lambda: requests.withdraw_request(request, access.org.other_employee, now=now))
    assert request.ticket.status == "resolved"
    _refused(
        lambda: requests.decide(request, access.manager, "approved", reason="ja", now=now),
        "request_withdrawn",
    )


def test_a_rejection_needs_a_reason_and_ends_the_request(access, ask, now):
    request = ask()
    with pytest.raises(DomainError) as caught:
        commit_or_error(
            lambda: requests.decide(request, access.manager, "rejected", reason=" ", now=now)
        )
    assert caught.value.field == "reason"
    requests.decide(request, access.manager, "rejected", reason="Inte i tjänsten", now=now)
    db.session.commit()
    assert request.state == RequestState.REJECTED and request.ticket.status == "resolved"
    assert "Inte i tjänsten" in request.ticket.solution
    assert _count(AccessTask) == 0


def test_an_end_before_the_start_is_refused(access, ask):
    before = _count(AccessRequest)
    with pytest.raises(DomainError) as caught:
        ask(valid_from=date(2026, 12, 10), valid_to=date(2026, 12, 9))
    assert (caught.value.code, caught.value.field) == ("end_before_start", "valid_to")
    db.session.rollback()
    assert _count(AccessRequest) == before and _count(Ticket) == 0


def test_a_role_the_service_does_not_offer_is_refused(access, ask):
    with pytest.raises(DomainError) as caught:
        ask(service=access.org.school)  # the handläggare role is the care system's
    assert caught.value.code == "role_not_offered"
    db.session.rollback()
    assert _count(Ticket) == 0


def test_an_employee_may_not_ask_for_someone_else(access, ask):
    with pytest.raises(DomainError) as caught:
        ask(actor=access.org.other_employee, person=access.org.employee)
    assert caught.value.code == "not_your_unit"


def test_a_manager_asks_for_someone_who_has_not_started(access, ask, now, make_user):
    with pytest.raises(DomainError) as caught:  # nobody but the asking manager could decide
        ask(actor=access.manager, person=None, person_name="Nina Ny", person_email="n@example.org")
    assert caught.value.code == "no_approver"
    db.session.rollback()
    second = make_user("Sara Chef", {"manager"}, access.org.soc)
    db.session.commit()
    request = ask(
        actor=access.manager, person=None, person_name="Nina Ny", person_email="nina@example.org"
    )
    assert request.person_id is None and request.unit_id == access.org.soc.id
    assert requests.approvers_for(request, request.current_step) == [second]


def _granted(access, ask, now, **kw):
    request = ask(role=access.read, **kw)
    requests.decide(request, access.manager, "approved", reason="ok", now=now)
    task = db.session.scalar(select(AccessTask).where(AccessTask.request_id == request.id))
    grant = tasks.complete_task(task, access.org.soc_agent, now=now)
    db.session.commit()
    return grant


def test_a_review_answer_by_someone_else_is_refused(access, ask, now):
    grant = _granted(access, ask, now)
    [review] = reviews.open_due_reviews(now=now)
    db.session.commit()
    for outsider in (access.manager, access.org.soc_agent, access.org.other_employee):
        _refused(
            lambda o=outsider: reviews.answer_line(review, o, grant.id, "keep", now=now),
            "not_reviewer",
        )
    assert review.lines[0].answer is None and review.state == ReviewState.OPEN


def test_revoke_in_a_review_opens_the_revoke_task(access, ask, now):
    grant = _granted(access, ask, now)
    [review] = reviews.open_due_reviews(now=now)
    reviews.answer_line(review, access.administrator, grant.id, "revoke", note="Slutat", now=now)
    db.session.commit()
    task = db.session.scalar(
        select(AccessTask).where(AccessTask.grant_id == grant.id, AccessTask.kind == "revoke")
    )
    assert task.reason == "review" and review.state == ReviewState.DONE


def test_expiry_warns_once_and_opens_one_revoke_task(access, ask, now):
    grant = _granted(access, ask, now, valid_from=date(2026, 11, 1), valid_to=date(2026, 12, 1))
    assert register.warn_expiring(now=now) == 1
    assert register.warn_expiring(now=now + timedelta(hours=1)) == 0
    mails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "access_expiring")
    ).all()
    assert [m.to_address for m in mails] == [access.administrator.email]
    assert register.expire_grants(now=now) == 0  # not yet past its end
    after = now + timedelta(days=6)
    assert reports.grants_past_end(access.org.admin, now=after) == [grant]
    assert register.expire_grants(now=after) == 1
    assert register.expire_grants(now=after + timedelta(hours=1)) == 0
    db.session.commit()


def test_an_overdue_review_is_escalated_once(access, ask, now):
    _granted(access, ask, now)
    access.org.care.deputy = access.org.soc_agent
    db.session.commit()
    [review] = reviews.open_due_reviews(now=now)
    assert reviews.escalate_overdue(now=now + timedelta(days=13)) == 0
    assert reviews.escalate_overdue(now=now + timedelta(days=15)) == 1
    assert reviews.escalate_overdue(now=now + timedelta(days=16)) == 0
    mails = db.session.scalars(
        select(OutboxMessage.to_address).where(OutboxMessage.kind == "access_review_escalated")
    ).all()
    assert sorted(mails) == sorted([access.org.soc_agent.email, access.manager.email])
    figures = reports.reviews_on_time(access.org.admin, now=now + timedelta(days=16))
    care = next(f for f in figures if f.service.id == access.org.care.id)
    assert (care.open, care.overdue, care.done) == (1, 1, 0)


def test_grants_without_a_review_in_the_last_cycle(access, ask, now):
    grant = _granted(access, ask, now)
    later = now + timedelta(days=100)
    assert reports.grants_without_review(access.org.admin, now=later) == [grant]
    [review] = reviews.open_due_reviews(now=later)
    reviews.answer_line(review, access.administrator, grant.id, "keep", now=later)
    db.session.commit()
    assert reports.grants_without_review(access.org.admin, now=later) == []


def test_the_register_is_seen_by_the_person_their_manager_and_the_service(access, ask, now):
    grant = _granted(access, ask, now)
    org = access.org
    for who in (org.other_employee, access.manager, org.soc_agent, access.administrator, org.admin):
        assert grant in db.session.scalars(register.visible_grants(who)).all(), who.name
    for who in (org.employee, org.agent, org.buf_agent):
        assert grant not in db.session.scalars(register.visible_grants(who)).all(), who.name


def test_a_removal_is_asked_for_like_access(access, ask, now):
    grant = _granted(access, ask, now)
    org = access.org
    _refused(
        lambda: register.request_revocation(org.employee, grant, reason="x", now=now),
        "not_your_unit",
    )
    removal = register.request_revocation(access.manager, grant, reason="Byter tjänst", now=now)
    db.session.commit()
    assert removal.reference.startswith("BEH-") and removal.kind == "revoke"
    _refused(
        lambda: register.request_revocation(access.manager, grant, reason="igen", now=now),
        "removal_open",
    )
    task = db.session.scalar(select(AccessTask).where(AccessTask.request_id == removal.id))
    assert task.kind == "revoke" and task.grant_id == grant.id
    tasks.complete_task(task, org.soc_agent, now=now)
    db.session.commit()
    assert grant.revoked_at is not None and grant.revoke_reason == "Byter tjänst"
    assert removal.state == RequestState.FULFILLED and removal.ticket.status == "resolved"
    _refused(
        lambda: register.request_revocation(access.manager, grant, reason="igen", now=now),
        "grant_ended",
    )
