"""Access tasks as desk tickets in the service's queue, reviews answered by an admin or
after escalation, grants for someone not yet started linked to their later account, and
the approver inbox as one SQL condition."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from servicedesk.domain.access import register, requests, reviews, tasks
from servicedesk.domain.admin.users import update_user
from servicedesk.domain.errors import DomainError
from servicedesk.domain.identity.sign_in import sign_in
from servicedesk.domain.identity.users import create_user, set_password
from servicedesk.domain.tickets.lifecycle import change_status
from servicedesk.infra.extensions import db
from servicedesk.models import (
    AccessGrant,
    AccessRequest,
    AccessTask,
    AuditLog,
    OutboxMessage,
    Status,
    Ticket,
)
from servicedesk.models.access import RequestState, ReviewState, TaskReason, TaskState


def _in_review(access, approved, now):
    """A grant put in place and the care system's review that lists it."""
    _request, task = approved()
    grant = tasks.complete_task(task, access.org.soc_agent, now=now)
    [review] = reviews.open_due_reviews(now=now)
    db.session.commit()
    return grant, review


def _resolve(ticket, agent, solution: str, now) -> None:
    """The agent resolves the case as on its page (solution and closure code)."""
    change_status(
        ticket, agent, "resolved", solution=solution, closure_code="solved_by_second_line", now=now
    )


def _audits(action: str) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_the_fulfilment_task_is_a_case_in_the_care_queue(access, approved, now):
    org = access.org
    request, task = approved()
    ticket = task.ticket
    assert ticket is not None and ticket.type == "service_request"
    assert ticket.reference.startswith("REQ-")
    assert ticket.queue_id == task.queue_id == org.soc_queue.id
    assert ticket.service_id == org.care.id and ticket.status == Status.NEW
    assert ticket.requester_id == access.administrator.id  # filed for the systemförvaltare
    assert request.reference in ticket.description
    # No "we have your case" mail for the task's ticket; the systemförvaltare's task mail.
    kinds = db.session.scalars(
        select(OutboxMessage.kind).where(OutboxMessage.ticket_id == ticket.id)
    ).all()
    assert "ticket_created" not in kinds

    # The agent of the care queue resolves it like any case: the grant is recorded.
    _resolve(ticket, org.soc_agent, "Upplagd i Vårdsystemet.", now)
    db.session.commit()
    assert task.state == TaskState.DONE and task.done_by_id == org.soc_agent.id
    grant = db.session.scalar(select(AccessGrant).where(AccessGrant.request_id == request.id))
    assert grant is not None and grant.person_id == org.other_employee.id
    assert task.grant_id == grant.id
    assert request.state == RequestState.FULFILLED
    assert request.ticket.status == Status.RESOLVED
    assert ticket.solution == "Upplagd i Vårdsystemet."
    assert len(_audits("access_granted")) == 1


def test_fulfilling_the_task_resolves_its_case(access, approved, now):
    org = access.org
    request, task = approved()
    tasks.complete_task(task, org.soc_agent, note="Klart", now=now)
    db.session.commit()
    assert task.ticket.status == Status.RESOLVED and task.ticket.solution == "Klart"
    assert db.session.scalar(select(func.count(AccessGrant.id))) == 1  # once, not twice
    with pytest.raises(DomainError) as caught:
        tasks.complete_task(task, org.soc_agent, now=now)
    assert caught.value.code == "task_done"


def test_a_refused_resolve_changes_nothing(access, approved, now):
    org = access.org
    _request, task = approved()
    ticket_id = task.ticket_id
    with pytest.raises(DomainError):  # no solution: the resolve and the task both refused
        change_status(task.ticket, org.soc_agent, "resolved", solution="", now=now)
    db.session.rollback()
    assert db.session.get(Ticket, ticket_id).status == Status.NEW
    assert db.session.get(AccessTask, task.id).state == TaskState.OPEN
    assert db.session.scalar(select(func.count(AccessGrant.id))) == 0


def test_departure_opens_a_revocation_case_and_resolving_it_ends_the_grant(access, approved, now):
    org = access.org
    _request, task = approved()
    grant = tasks.complete_task(task, org.soc_agent, now=now)
    db.session.commit()
    person = org.other_employee
    update_user(
        org.admin, person, name=person.name, unit=person.unit, active=False, roles={"employee"},
        now=now,
    )  # fmt: skip
    db.session.commit()
    revoke = db.session.scalar(
        select(AccessTask).where(AccessTask.grant_id == grant.id, AccessTask.kind == "revoke")
    )
    assert revoke.reason == TaskReason.DEPARTURE
    assert revoke.ticket.queue_id == org.soc_queue.id and revoke.ticket.status == Status.NEW
    assert person.name in revoke.ticket.description
    _resolve(revoke.ticket, org.soc_agent, "Borttagen.", now)
    db.session.commit()
    assert db.session.get(AccessGrant, grant.id).revoked_at is not None
    assert revoke.state == TaskState.DONE
    assert len(_audits("access_revoked")) == 1


def test_an_admin_answers_a_review_and_is_recorded(access, approved, now):
    org = access.org
    grant, review = _in_review(access, approved, now)
    line = reviews.answer_line(review, org.admin, grant.id, "keep", now=now)
    db.session.commit()
    assert line.answered_by_id == org.admin.id and review.state == ReviewState.DONE
    [entry] = _audits("access_review_answer")
    assert entry.actor_id == org.admin.id


def test_the_owner_manager_answers_only_after_escalation(access, approved, now):
    grant, review = _in_review(access, approved, now)
    with pytest.raises(DomainError) as caught:
        reviews.answer_line(review, access.manager, grant.id, "keep", now=now)
    assert caught.value.code == "not_reviewer"
    db.session.rollback()
    later = now + timedelta(days=15)
    assert reviews.escalate_overdue(now=later) == 1
    line = reviews.answer_line(review, access.manager, grant.id, "revoke", note="Slutat", now=later)
    db.session.commit()
    assert line.answered_by_id == access.manager.id
    assert tasks.has_open_revoke_task(grant)


def test_a_grant_for_someone_not_yet_started_is_linked_to_their_account(
    access, ask, now, make_user
):
    org = access.org
    make_user("Sara Chef", {"manager"}, org.soc)  # decides, as the asking manager may not
    db.session.commit()
    request = ask(
        actor=access.manager, person=None, person_name="Nina Ny", person_email="nina@example.org"
    )
    sara = next(p for p in requests.approvers_for(request, request.current_step))
    requests.decide(request, sara, "approved", reason="Ny medarbetare", now=now)
    requests.decide(request, access.administrator, "approved", reason="OK", now=now)
    task = db.session.scalar(select(AccessTask).where(AccessTask.request_id == request.id))
    grant = tasks.complete_task(task, org.soc_agent, now=now)
    db.session.commit()
    assert grant.person_id is None

    nina = create_user(email="Nina@Example.org", name="Nina Ny", password=None, unit=org.soc)
    db.session.commit()
    assert grant.person_id == nina.id and request.person_id == nina.id
    assert grant in db.session.scalars(register.visible_grants(nina)).all()
    assert len(_audits("access_person_linked")) == 2  # the request and the grant

    # Her later departure finds the grant through the account.
    update_user(
        org.admin, nina, name=nina.name, unit=nina.unit, active=False, roles={"employee"}, now=now
    )
    db.session.commit()
    assert tasks.has_open_revoke_task(grant)


def test_an_unlinked_grant_is_linked_when_the_account_signs_in(access, approved, now):
    org = access.org
    _request, task = approved()
    grant = tasks.complete_task(task, org.soc_agent, now=now)
    person = org.other_employee
    grant.person_id = None  # as a grant from before its account existed
    set_password(person, "ett långt lösenord")
    db.session.commit()
    assert sign_in(person.email, "ett långt lösenord", address="10.0.0.1", now=now).user
    db.session.commit()
    assert grant.person_id == person.id
    assert sign_in(person.email, "ett långt lösenord", address="10.0.0.1", now=now).user
    assert len(_audits("access_person_linked")) == 1  # once


def _inbox(user) -> set[int]:
    return {r.id for r in requests.awaiting_decision_by(user)}


def _decidable(user) -> set[int]:
    pending = db.session.scalars(
        select(AccessRequest).where(AccessRequest.state == RequestState.PENDING)
    )
    return {r.id for r in pending if requests.is_current_approver(r, user)}


def test_the_inbox_lists_exactly_the_requests_awaiting_this_approver(
    access, ask, now, make_user, make_unit
):
    org = access.org
    team = make_unit("Hemtjänsten", "department", parent=org.soc)
    worker = make_user("Hanna Hemtjänst", unit=team)
    team_lead = make_user("Tove Teamledare", {"manager"}, team)
    db.session.commit()
    at_manager = ask()  # Olle (SOC): Maja decides
    at_team = ask(actor=worker)  # Hanna (team): Tove decides, not Maja
    own = ask(actor=team_lead)  # Tove for herself: falls to Maja (the unit above)
    second = ask(role=access.admin_role)  # administrator-only chain: Vera decides
    withdrawn = ask(actor=org.other_employee, role=access.read, person=org.other_employee)
    requests.withdraw_request(withdrawn, org.other_employee, now=now)
    decided = ask(actor=worker, role=access.admin_role)
    db.session.commit()

    assert _inbox(access.manager) == {at_manager.id, own.id} == _decidable(access.manager)
    assert _inbox(team_lead) == {at_team.id} == _decidable(team_lead)
    assert _inbox(access.administrator) == {second.id, decided.id}
    assert _inbox(access.administrator) == _decidable(access.administrator)
    requests.decide(decided, access.administrator, "approved", reason="OK", now=now)
    db.session.commit()
    assert _inbox(access.administrator) == {second.id} == _decidable(access.administrator)
    for outsider in (org.soc_agent, org.employee, worker):
        assert _inbox(outsider) == set() == _decidable(outsider)

    # Tove away: Hanna's manager step falls to Maja too.
    team_lead.active = False
    db.session.commit()
    assert at_team.id in _inbox(access.manager)
    assert _inbox(access.manager) == _decidable(access.manager)


def test_the_task_follows_its_case_to_another_queue(access, approved, now):
    from servicedesk.domain.tickets.lifecycle import transfer_ticket

    org = access.org
    org.care.confidentiality = 2  # a confidential system's cases stay in its own queue
    _request, task = approved()
    transfer_ticket(task.ticket, org.admin, org.central, reason="Servicedesk tar det", now=now)
    db.session.commit()
    assert task.queue_id == org.central.id
    assert task in tasks.open_tasks(org.agent) and task not in tasks.open_tasks(org.soc_agent)
