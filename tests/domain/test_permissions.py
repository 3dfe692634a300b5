"""One visibility rule, the same in lists, counts, single lookups and downloads."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from servicedesk.domain.permissions import can_view_ticket, is_agent_for, ticket_visibility
from servicedesk.domain.ticket_lists import TicketFilter, list_tickets
from servicedesk.extensions import db
from servicedesk.models import Ticket


@pytest.fixture
def tickets(org, file_ticket):
    return {
        "school": file_ticket(service=org.school),
        "email": file_ticket(service=org.email),
        "care": file_ticket(requester=org.other_employee, service=org.care),
        "other": file_ticket(requester=org.other_employee, service=org.email),
    }


CASES = [
    # who, tickets they may see
    ("employee", {"school", "email"}),
    ("other_employee", {"care", "other"}),
    ("agent", {"email", "other"}),
    ("buf_agent", {"school"}),
    ("soc_agent", {"care"}),
    ("admin", {"school", "email", "care", "other"}),
]


@pytest.mark.parametrize(("who", "visible"), CASES)
def test_visibility_is_the_same_on_every_path(org, tickets, now, who, visible):
    user = getattr(org, who)
    ids = {name: ticket.id for name, ticket in tickets.items()}
    expected = {ids[name] for name in visible}
    # list
    page = list_tickets(user, TicketFilter(statuses=()), per_page=100, now=now)
    assert {x.id for x in page.items} == expected
    # count
    count = db.session.scalar(
        select(func.count()).select_from(Ticket).where(ticket_visibility(user))
    )
    assert count == len(expected) == page.total
    # single lookup
    for name, ticket in tickets.items():
        assert can_view_ticket(user, ticket) is (name in visible)


def test_restricted_service_is_hidden_from_agents_outside_its_queue(org, tickets):
    care = tickets["care"]
    assert not can_view_ticket(org.agent, care)
    assert not can_view_ticket(org.buf_agent, care)
    assert can_view_ticket(org.soc_agent, care)
    assert can_view_ticket(org.care.administrator, care)
    # even when assigned to them by mistake, an outsider does not see it
    care.assignee = org.agent
    db.session.flush()
    assert not can_view_ticket(org.agent, care)


def test_requester_is_not_agent_for_own_ticket(org, tickets):
    assert not is_agent_for(org.employee, tickets["school"])
    assert is_agent_for(org.buf_agent, tickets["school"])


def test_inactive_user_sees_nothing(org, tickets):
    org.admin.active = False
    assert not can_view_ticket(org.admin, tickets["email"])
