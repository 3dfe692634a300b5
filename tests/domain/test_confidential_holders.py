"""A ticket never sits in a queue, or with a person, that may not see it (issue 13, findings 5
and 14): transfers, assignment, service changes, routing rules, auto-assignment and every
mail about the ticket ask the one rule of `domain/permissions.py`."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.permissions import HOLDER_CANNOT_SEE, can_view_ticket, is_agent_for
from servicedesk.domain.sla.escalation import recipients
from servicedesk.domain.tickets.lifecycle import assign_ticket, transfer_ticket, update_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import AutoAssign, OutboxMessage, RoutingRule, SlaTimer, TicketHistory


def _mails_to(user) -> list[OutboxMessage]:
    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == user.id))
    )


@pytest.fixture
def care_ticket(org, file_ticket):
    return file_ticket(requester=org.other_employee, service=org.care, title="Hemlig journal")


def test_a_confidential_case_cannot_be_transferred_out_of_its_queue(org, care_ticket, now):
    with pytest.raises(ValidationError) as refused:
        transfer_ticket(care_ticket, org.soc_agent, org.central, reason="Fel kö", now=now)
    assert refused.value.code == HOLDER_CANNOT_SEE and refused.value.field == "queue"
    assert "Vårdsystemet" in str(refused.value.message)
    db.session.rollback()
    assert care_ticket.queue == org.soc_queue
    assert can_view_ticket(org.soc_agent, care_ticket)


def test_an_ordinary_case_still_transfers(org, file_ticket, now):
    ticket = file_ticket(service=org.email)
    transfer_ticket(ticket, org.agent, org.soc_queue, reason="Hör hit", now=now)
    assert ticket.queue == org.soc_queue and is_agent_for(org.soc_agent, ticket)


def test_a_confidential_case_cannot_be_assigned_to_an_outsider(org, care_ticket, now):
    with pytest.raises(ValidationError) as refused:
        assign_ticket(care_ticket, org.soc_agent, org.agent, now=now)
    assert refused.value.code == HOLDER_CANNOT_SEE and refused.value.field == "assignee"
    db.session.rollback()
    assert care_ticket.assignee is None
    assert _mails_to(org.agent) == []
    # its own people and admins may have it
    assign_ticket(care_ticket, org.soc_agent, org.care.administrator, now=now)
    assert care_ticket.assignee == org.care.administrator


def test_changing_the_service_to_a_confidential_one_moves_the_case_to_its_queue(
    org, file_ticket, now
):
    ticket = file_ticket(service=org.email)
    assign_ticket(ticket, org.agent, org.agent, now=now)
    db.session.commit()
    update_ticket(ticket, org.agent, service=org.care, service_given=True, now=now)
    db.session.commit()
    assert ticket.queue == org.soc_queue and ticket.assignee is None
    assert is_agent_for(org.soc_agent, ticket)
    assert not can_view_ticket(org.agent, ticket)
    why = db.session.scalars(
        select(TicketHistory.explanation).where(
            TicketHistory.ticket_id == ticket.id, TicketHistory.field == "queue"
        )
    ).all()
    confidential = {"code": "confidential_service", "params": {"service": org.care.name_sv}}
    assert confidential in why
    assert ticket.route_explanation["params"]["why"] == confidential
    # the SLA's OLA now runs for the queue that can act
    ola = db.session.scalars(
        select(SlaTimer).where(SlaTimer.ticket_id == ticket.id, SlaTimer.kind == "ola")
    ).all()
    assert all(t.queue_id == org.soc_queue.id for t in ola if t.stopped_at is None)


def test_a_confidential_service_without_an_active_queue_is_refused(org, file_ticket, now):
    ticket = file_ticket(service=org.email)
    org.soc_queue.active = False
    with pytest.raises(ValidationError) as refused:
        update_ticket(ticket, org.agent, service=org.care, service_given=True, now=now)
    assert refused.value.field == "service"


def test_a_rule_never_assigns_a_confidential_case_to_an_outsider(org, file_ticket, now):
    db.session.add(
        RoutingRule(
            name="Journaler till Anders",
            position=1,
            target_queue=org.soc_queue,
            title_words="journal",
            assignee=org.agent,
        )
    )
    db.session.commit()
    ticket = file_ticket(requester=org.other_employee, service=org.care, title="Journal låst")
    assert ticket.queue == org.soc_queue
    assert ticket.assignee is None
    assert not [m for m in _mails_to(org.agent) if m.kind == "ticket_assigned"]
    # an ordinary case still goes to the rule's assignee
    other = file_ticket(service=org.email, title="Journal i e-posten")
    assert other.assignee == org.agent


def test_auto_assignment_only_picks_those_who_may_see_the_case(org):
    from servicedesk.domain.routing.auto_assign import auto_assign

    org.central.auto_assign = AutoAssign.ROUND_ROBIN
    db.session.flush()
    # of the central desk only the admin may see a care case
    assert auto_assign(org.central, org.care)[0] == org.admin
    assert auto_assign(org.central, org.email)[0] in (org.agent, org.admin)


def test_admin_cannot_leave_confidential_cases_out_of_sight(org, file_ticket, now):
    from servicedesk.domain.admin.queues import set_queue_active
    from servicedesk.domain.admin.services import ServiceInput, save_service

    with pytest.raises(ValidationError) as refused:
        set_queue_active(org.admin, org.soc_queue, False, now=now)
    assert refused.value.field == "active"
    db.session.rollback()
    file_ticket(service=org.email)  # an open case in the central desk
    data = ServiceInput(
        name_sv="E-post", owner_unit=org.it, is_common=True, queue=org.soc_queue, confidentiality=4
    )
    with pytest.raises(ValidationError) as refused:
        save_service(org.admin, org.email, data, now=now)
    assert refused.value.field == "confidentiality"


def test_a_restricted_common_service_goes_to_its_own_queue(org, make_service, file_ticket):
    secret_common = make_service(
        "Skyddad identitet", org.it, queue=org.soc_queue, common=True, confidentiality=4
    )
    ticket = file_ticket(service=secret_common)
    assert ticket.queue == org.soc_queue


def test_no_mail_goes_to_someone_who_may_not_see_the_ticket(org, care_ticket, now):
    # assigned behind the rules' back (a stale row): no notification reaches the outsider
    from servicedesk.domain.mail.notifications import on_ticket_assigned

    care_ticket.assignee = org.agent
    db.session.flush()
    on_ticket_assigned(care_ticket, old=None, new=org.agent, actor=org.admin, now=now)
    assert _mails_to(org.agent) == []
    # escalations: the lead of a queue that may not see it is not told either
    org.central.lead = org.agent
    timer = SlaTimer(
        ticket_id=care_ticket.id,
        kind="ola",
        queue_id=org.central.id,
        target_minutes=60,
        started_at=now,
    )
    assert org.agent not in recipients(timer, care_ticket, "breach")
