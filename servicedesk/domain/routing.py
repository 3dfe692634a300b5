"""Where a new case goes, and why (the reason is stored in Swedish, as registered).

The catalog decides: a department-owned service goes to its owner's support queue, a
common service to the central service desk, and anything nobody can place to the central
desk too. Inactive queues and retired services are never targets.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from servicedesk.extensions import db
from servicedesk.models import Queue, Service, User


@dataclass(frozen=True)
class RouteDecision:
    queue: Queue
    reason: str
    assignee: User | None = None


class NoCentralQueue(RuntimeError):
    """The installation has no active central service desk queue: a setup error."""


def central_queue() -> Queue:
    queue = db.session.scalar(
        select(Queue).where(Queue.is_central.is_(True), Queue.active.is_(True)).order_by(Queue.id)
    )
    if queue is None:
        raise NoCentralQueue("No active central service desk queue is configured.")
    return queue


def route_by_catalog(service: Service | None) -> RouteDecision:
    """The catalog default: owner's queue for an owned service, else the central desk."""
    central = central_queue()
    if service is None:
        return RouteDecision(central, f"Ingen tjänst angiven → {central.name}")
    if not service.active:
        return RouteDecision(central, f"{service.name_sv} är avvecklad → {central.name}")
    if service.is_common:
        return RouteDecision(
            central, f"{service.name_sv} är en kommungemensam tjänst → {central.name}"
        )
    queue = service.queue
    if queue is None or not queue.active:
        return RouteDecision(central, f"{service.name_sv} saknar aktiv supportkö → {central.name}")
    owner = service.owner_unit.name if service.owner_unit else "?"
    return RouteDecision(queue, f"{service.name_sv} ägs av {owner} → {queue.name}")


def route_ticket(ticket) -> RouteDecision:
    """The routing decision for a new ticket (the catalog default)."""
    return route_by_catalog(ticket.service)
