"""One visibility rule, the same in lists, counts, single lookups and downloads."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from servicedesk.domain.permissions import can_view_ticket, is_agent_for, ticket_visibility
from servicedesk.domain.tickets.lists import TicketFilter, list_tickets
from servicedesk.infra.extensions import db
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


@pytest.mark.parametrize("who", ["agent", "buf_agent", "soc_agent", "admin"])
def test_queue_form_of_the_rule_equals_the_general_rule(org, tickets, file_ticket, who):
    """The fast path for queues an agent works must select exactly what the rule selects."""
    from servicedesk.domain.permissions import (
        hidden_restricted_service_ids,
        queue_visibility,
        works_queue,
    )

    # a restricted ticket sitting in the central queue, and one requested by each agent
    care_in_central = file_ticket(requester=org.other_employee, service=org.care)
    care_in_central.queue = org.central
    own = file_ticket(requester=getattr(org, who), service=org.care)
    own.queue = org.central
    db.session.flush()
    user = getattr(org, who)
    for queue in (org.central, org.buf_queue, org.soc_queue):
        if not works_queue(user, queue.id):
            continue
        general = set(
            db.session.scalars(
                select(Ticket.id).where(Ticket.queue_id == queue.id, ticket_visibility(user))
            )
        )
        fast = set(
            db.session.scalars(
                select(Ticket.id).where(
                    Ticket.queue_id == queue.id,
                    queue_visibility(user, hidden_restricted_service_ids(user)),
                )
            )
        )
        assert fast == general, queue.name


def test_queue_counts_match_the_list(org, tickets, file_ticket, now):
    from servicedesk.domain.tickets.lists import queue_counts

    care_in_central = file_ticket(requester=org.other_employee, service=org.care)
    care_in_central.queue = org.central
    db.session.flush()
    counts = queue_counts(org.agent, [org.central], now=now)
    listed = list_tickets(org.agent, TicketFilter(queue_id=org.central.id), now=now)
    assert counts[org.central.id]["open"] == listed.total == 2
    assert care_in_central.id not in {t.id for t in listed.items}
