"""The watcher: record every warning and breach that is due, exactly once, and escalate.

A tick reads only timers whose `next_event_at <= now` (an index range), so its cost
follows what is due, and catching up after downtime is the same query. The warn/breach
rows carry a unique key and their mails are outbox rows with unique keys, all in the
caller's transaction: a tick that fails part-way leaves nothing behind, and a tick that
runs twice (or on two nodes at once) records and mails once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from servicedesk.domain.sla import clock
from servicedesk.domain.sla.escalation import Renderer, escalate_all
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Service, SlaTimer, Ticket

BATCH = 500


def due_timers(now: datetime, *, limit: int = BATCH) -> list[SlaTimer]:
    stmt = (
        select(SlaTimer)
        .where(SlaTimer.next_event_at <= now)
        .order_by(SlaTimer.next_event_at, SlaTimer.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def _preload_tickets(timers: list[SlaTimer]) -> list[Ticket]:
    """Load the tickets (with queue, service, people) the escalations need, in few queries.

    The caller keeps the returned list: the identity map holds objects weakly.
    """
    ids = {t.ticket_id for t in timers}
    stmt = select(Ticket).where(Ticket.id.in_(ids))
    options = (
        joinedload(Ticket.queue).joinedload(Queue.lead),
        joinedload(Ticket.service).selectinload(Service.administrator),
        joinedload(Ticket.service).selectinload(Service.deputy),
        joinedload(Ticket.assignee),
    )
    return list(db.session.scalars(stmt.options(*options)).unique())


def tick(*, now: datetime, mail_at: datetime | None = None) -> int:
    """Record what is due as of `now`; returns how many timers were settled. Flushes only.

    Escalations are collected while a batch is settled and queued after it: each mail shape
    is rendered once per tick and the batch's mails go to the outbox in one statement. The
    mail is queued, and due, at `mail_at` (default `now`): the time the tick really runs.
    `flask sla tick --now T` simulates "the watcher ran at T" for the SLA records but passes
    the wall clock here, so a future T never delays the mail to T."""
    queued_at = mail_at or now
    done = 0
    renderer = Renderer()
    recorded: list[tuple[SlaTimer, str]] = []

    def collect(timer: SlaTimer, kind: str, *, now: datetime) -> None:
        recorded.append((timer, kind))

    while True:
        timers = due_timers(now)
        if not timers:
            return done
        loaded = _preload_tickets(timers)  # noqa: F841  (kept alive for this batch)

        with db.session.no_autoflush:  # one batched UPDATE of the timers per batch
            for timer in timers:
                clock.settle(timer, now, now=now, escalate=collect)
                if timer.next_event_at is not None and timer.next_event_at <= now:
                    timer.next_event_at = None  # cannot happen; never loop on one timer
            escalate_all(recorded, now=queued_at, renderer=renderer)
            recorded.clear()
        db.session.flush()
        done += len(timers)
