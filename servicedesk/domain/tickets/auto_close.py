"""Time-driven steps of the ticket lifecycle."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from servicedesk.domain.explanations import explain
from servicedesk.domain.tickets.lifecycle import set_status
from servicedesk.infra.extensions import db
from servicedesk.models import Status, Ticket

DEFAULT_AUTO_CLOSE_DAYS = 5
BATCH = 500


def close_resolved_tickets(*, now: datetime, days: int | None = None) -> int:
    """Close tickets resolved more than `days` ago that nobody disputed. Returns how many."""
    if days is None:
        days = int(current_app.config.get("AUTO_CLOSE_DAYS", DEFAULT_AUTO_CLOSE_DAYS))
    cutoff = now - timedelta(days=days)
    tickets = db.session.scalars(
        select(Ticket)
        .where(Ticket.status == Status.RESOLVED, Ticket.resolved_at <= cutoff)
        .order_by(Ticket.resolved_at)
        .limit(BATCH)
    ).all()
    for ticket in tickets:
        set_status(
            ticket, None, Status.CLOSED, now=now, explanation=explain("closed_automatically")
        )
    db.session.flush()
    return len(tickets)
