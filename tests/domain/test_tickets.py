"""The ticket lifecycle on a real database session, without HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from servicedesk.domain.errors import (
    InvalidTransition,
    PermissionDenied,
    StaleVersion,
    ValidationError,
)
from servicedesk.domain.tickets import lifecycle as t
from servicedesk.infra.extensions import db
from servicedesk.models import TicketHistory
from tests.explained import route_reason
from tests.resolving import resolve


def history(ticket):
    return db.session.scalars(
        select(TicketHistory).where(TicketHistory.ticket_id == ticket.id).order_by(TicketHistory.id)
    ).all()


def test_department_service_is_routed_to_its_owner_with_reason(org, file_ticket):
    ticket = file_ticket(service=org.school)
    assert ticket.queue is org.buf_queue
    assert route_reason(ticket) == (
        "Skolplattformen ägs av Barn- och utbildningsförvaltningen → BUF support"
    )
    assert [h.field for h in history(ticket)] == ["created", "queue"]
    assert history(ticket)[1].explanation == ticket.route_explanation


def test_common_and_unplaceable_cases_go_to_central_desk(org, file_ticket):
    assert file_ticket(service=org.email).queue is org.central
    none = file_ticket(service=None)
    assert none.queue is org.central
    assert route_reason(none) == "Ingen tjänst angiven → Servicedesk"


def test_priority_follows_matrix_and_reference_is_derived(org, file_ticket):
    ticket = file_ticket(impact=1, urgency=1)
    assert ticket.priority == 1
    assert ticket.reference == f"INC-{ticket.id:06d}"
    req = file_ticket(ticket_type="service_request")
    assert req.reference.startswith("REQ-")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": "  "}, "title"),
        ({"description": ""}, "description"),
        ({"title": "x" * 201}, "title"),
        ({"impact": 7}, "impact"),
    ],
)
def test_invalid_case_is_refused_and_nothing_is_saved(org, file_ticket, kwargs, field):
    from servicedesk.models import Ticket

    with pytest.raises(ValidationError) as err:
        file_ticket(**kwargs)
    db.session.rollback()
    assert err.value.field == field
    assert db.session.scalar(select(db.func.count()).select_from(Ticket)) == 0


def test_employee_cannot_file_for_someone_else(org, file_ticket):
    with pytest.raises(ValidationError):
        file_ticket(requester=org.other_employee, actor=org.employee)


def test_first_public_agent_reply_is_first_response_and_opens(org, file_ticket, now):
    ticket = file_ticket()
    t.add_comment(ticket, org.agent, "Intern koll", internal=True, now=now)
    assert ticket.first_response_at is None
    assert ticket.status == "new"
    t.add_comment(ticket, org.employee, "Det gäller fortfarande", now=now + timedelta(minutes=1))
    assert ticket.first_response_at is None
    t.add_comment(ticket, org.agent, "Vi tittar på det", now=now + timedelta(minutes=5))
    assert ticket.first_response_at == now + timedelta(minutes=5)
    assert ticket.status == "open"


def test_requester_reply_resumes_ticket_waiting_for_them(org, file_ticket, now):
    ticket = file_ticket()
    t.change_status(ticket, org.agent, "pending", pending_reason="requester", now=now)
    t.add_comment(ticket, org.employee, "Här är skärmbilden", now=now + timedelta(hours=1))
    assert ticket.status == "open"
    assert ticket.pending_reason is None


def test_requester_reply_does_not_resume_supplier_wait(org, file_ticket, now):
    ticket = file_ticket()
    t.change_status(ticket, org.agent, "pending", pending_reason="supplier", now=now)
    t.add_comment(ticket, org.employee, "Hur går det?", now=now)
    assert ticket.status == "pending"


def test_pending_needs_a_reason(org, file_ticket, now):
    ticket = file_ticket()
    with pytest.raises(ValidationError) as err:
        t.change_status(ticket, org.agent, "pending", now=now)
    assert err.value.field == "pending_reason"


def test_resolve_reopen_confirm(org, file_ticket, now):
    ticket = file_ticket()
    resolve(ticket, org.agent, now=now)
    assert ticket.resolved_at == now
    t.reopen_ticket(ticket, org.employee, note="Felet kom tillbaka", now=now + timedelta(hours=1))
    assert ticket.status == "open" and ticket.resolved_at is None
    resolve(
        ticket,
        org.agent,
        now=now + timedelta(hours=2),
    )
    t.confirm_resolution(ticket, org.employee, now=now + timedelta(hours=3))
    assert ticket.status == "closed"
    assert ticket.closed_at == now + timedelta(hours=3)
    statuses = [(h.old_value, h.new_value) for h in history(ticket) if h.field == "status"]
    assert statuses == [
        ("new", "resolved"),
        ("resolved", "open"),
        ("open", "resolved"),
        ("resolved", "closed"),
    ]


def test_illegal_transition_is_refused(org, file_ticket, now):
    ticket = file_ticket()
    with pytest.raises(InvalidTransition):
        t.change_status(ticket, org.agent, "closed", now=now)
    with pytest.raises(InvalidTransition):
        t.reopen_ticket(ticket, org.employee, now=now)


def test_closed_ticket_takes_no_comments(org, file_ticket, now):
    ticket = file_ticket()
    resolve(ticket, org.agent, now=now)
    t.confirm_resolution(ticket, org.employee, now=now)
    with pytest.raises(InvalidTransition):
        t.add_comment(ticket, org.employee, "Hallå?", now=now)


def test_stale_version_is_refused(org, file_ticket, now):
    ticket = file_ticket()
    seen = ticket.version
    t.change_status(ticket, org.agent, "open", expected_version=seen, now=now)
    db.session.commit()
    with pytest.raises(StaleVersion):
        t.update_ticket(ticket, org.admin, impact=1, expected_version=seen, now=now)
    db.session.rollback()
    assert ticket.impact == 3


def test_employee_cannot_write_internal_notes_or_work_tickets(org, file_ticket, now):
    ticket = file_ticket()
    with pytest.raises(PermissionDenied):
        t.add_comment(ticket, org.employee, "smyg", internal=True, now=now)
    with pytest.raises(PermissionDenied):
        resolve(ticket, org.employee, now=now)
    with pytest.raises(PermissionDenied):
        resolve(ticket, org.buf_agent, now=now)  # not their queue


def test_transfer_records_reason_and_clears_assignee(org, file_ticket, now):
    ticket = file_ticket(service=org.email)
    t.assign_ticket(ticket, org.agent, org.agent, now=now)
    with pytest.raises(ValidationError):
        t.transfer_ticket(ticket, org.agent, org.buf_queue, reason=" ", now=now)
    t.transfer_ticket(ticket, org.agent, org.buf_queue, reason="Gäller skolans konto", now=now)
    assert ticket.queue is org.buf_queue
    assert ticket.assignee is None
    entry = [h for h in history(ticket) if h.field == "queue"][-1]
    assert (entry.old_value, entry.new_value, entry.note) == (
        "Servicedesk",
        "BUF support",
        "Gäller skolans konto",
    )


def test_priority_change_is_recorded(org, file_ticket, now):
    ticket = file_ticket()
    changes = t.update_ticket(ticket, org.agent, impact=1, urgency=1, now=now)
    assert changes["priority"] == (4, 1)
    assert {h.field for h in history(ticket)} >= {"impact", "urgency", "priority"}
