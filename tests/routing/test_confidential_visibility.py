"""A confidential service's ticket stays with its own queue, whatever the rules say, and is
invisible to other agents: desk list, search, counts and lookup by number."""

from __future__ import annotations

from servicedesk.domain.tickets.lists import (
    TicketFilter,
    find_by_reference,
    list_tickets,
    queue_counts,
)


def test_confidential_ticket_stays_in_own_queue_and_hidden_from_others(
    client, auth, org, file_ticket, make_rule, now
):
    make_rule("Journaler till desken", org.central, title_words="journal")
    ticket = file_ticket(
        requester=org.other_employee, service=org.care, title="Hemlig journal låst"
    )
    # a rule may not move it where its own people cannot see it
    assert ticket.queue == org.soc_queue and ticket.confidential
    # counts: the admin counts it in the SOC queue, a central agent sees no such queue count
    assert queue_counts(org.admin, [org.soc_queue], now=now)[org.soc_queue.id]["open"] == 1
    assert queue_counts(org.agent, [org.soc_queue], now=now)[org.soc_queue.id]["open"] == 0
    # search and lookup by number
    found = list_tickets(org.agent, TicketFilter(statuses=(), text="journal"), now=now)
    assert found.total == 0
    assert find_by_reference(org.agent, ticket.reference) is None
    assert find_by_reference(org.soc_agent, ticket.reference) == ticket
    # the pages agree
    auth.login(org.agent)
    assert ticket.reference not in client.get("/desk/tickets?status=all&q=journal").text
    assert client.get(f"/desk/tickets/{ticket.id}").status_code == 404
    client.post("/logout", data={"csrf_token": auth.token("/desk/")})
    auth.login(org.soc_agent)
    assert ticket.reference in client.get("/desk/tickets?status=all&q=journal").text
