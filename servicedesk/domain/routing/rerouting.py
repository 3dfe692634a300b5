"""Routing a ticket again after its service changed: the decision applied as a transfer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from servicedesk.domain.explanations import explain
from servicedesk.domain.permissions import require_agent
from servicedesk.domain.routing.router import decide_for, to_route_decision
from servicedesk.domain.tickets import events
from servicedesk.domain.tickets.lifecycle import record_history, transfer_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import Ticket, TicketTag, User


def reroute_ticket(ticket: Ticket, actor: User, *, now: datetime) -> bool:
    """Send the ticket where routing would send it now; False when it already is there.

    The move is a normal transfer whose reason is the routing explanation, so it shows in
    the history like any other; a rule's tag and the new queue's auto-assignment apply."""
    decision = decide_for(ticket)
    if decision.queue_id == ticket.queue_id:
        return False  # also after a service change already took it to a confidential queue
    require_agent(actor, ticket)
    routed = to_route_decision(decision, ticket.service)
    why = explain("rerouted", route=routed.reason)
    transfer_ticket(ticket, actor, routed.queue, reason="", explanation=why, now=now)
    if routed.assignee is not None:
        ticket.assignee = routed.assignee
        record_history(
            ticket,
            None,
            "assignee",
            None,
            routed.assignee.name,
            now=now,
            explanation=routed.assign_reason,
        )
        events.ticket_assigned.send(ticket, old=None, new=routed.assignee, actor=None, now=now)
    existing = set(
        db.session.scalars(select(TicketTag.tag).where(TicketTag.ticket_id == ticket.id))
    )
    for tag in set(routed.tags) - existing:
        db.session.add(TicketTag(ticket_id=ticket.id, tag=tag))
        record_history(ticket, None, "tag", None, tag, now=now, explanation=routed.reason)
    db.session.flush()
    return True
