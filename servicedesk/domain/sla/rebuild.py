"""Rebuild a timer's snapshot columns from its events (the events are the truth)."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.domain.sla import clock
from servicedesk.domain.sla.calendar import business_minutes_between
from servicedesk.domain.sla.resolve import spec_for
from servicedesk.infra.extensions import db
from servicedesk.models import SlaTimer, Ticket
from servicedesk.models.sla import TimerState


def rebuild_timer(timer: SlaTimer) -> None:
    """Replay start/pause/resume/stop/reopen/retarget/warn/breach/reverse into the snapshot."""
    spec = spec_for(timer.calendar)
    elapsed, opened, as_of, last = 0.0, None, timer.started_at, None
    timer.warned_at = timer.breached_at = timer.met_at = None
    for event in clock.events_of(timer):
        if event.kind in clock.OPENS and opened is None:
            opened = as_of = event.at
        elif event.kind in clock.CLOSES and opened is not None:
            elapsed += business_minutes_between(spec, opened, event.at)
            opened, as_of = None, event.at
        if event.kind == "start":
            timer.target_minutes = event.data.get("target", timer.target_minutes)
        elif event.kind == "retarget":
            timer.target_minutes = event.data.get("new_target", timer.target_minutes)
        elif event.kind == "warn":
            timer.warned_at = event.at
        elif event.kind == "breach":
            timer.breached_at = event.at
        elif event.kind == "reverse":  # clock.reverse: taken back, entered late
            kinds = event.data.get("kinds", ())
            timer.warned_at = None if "warn" in kinds else timer.warned_at
            timer.breached_at = None if "breach" in kinds else timer.breached_at
        if event.kind in ("pause", "resume", "stop", "reopen", "start"):
            last = event
    timer.elapsed_minutes, timer.elapsed_as_of = elapsed, as_of
    timer.met_at = last.at if last is not None and last.kind == "stop" else None
    paused = last is not None and last.kind == "pause"
    if timer.breached_at is not None:
        timer.state = TimerState.BREACHED
    elif timer.met_at is not None:
        timer.state = TimerState.MET
    else:
        timer.state = TimerState.PAUSED if paused else TimerState.RUNNING
    timer.due_at = None if paused else timer.breached_at
    if not paused and timer.breached_at is None:
        timer.due_at = timer.started_at  # any value: marks the clock as running for refresh
    clock.refresh(timer)


def recompute(ticket: Ticket | None = None) -> int:
    """Rebuild every timer (or one ticket's) and the tickets' due_at; returns the count."""
    from servicedesk.domain.sla.timers import refresh_ticket_due

    stmt = select(SlaTimer).order_by(SlaTimer.ticket_id, SlaTimer.id)
    if ticket is not None:
        stmt = stmt.where(SlaTimer.ticket_id == ticket.id)
    count = 0
    by_ticket: dict[int, list[SlaTimer]] = {}
    for timer in db.session.scalars(stmt):
        rebuild_timer(timer)
        by_ticket.setdefault(timer.ticket_id, []).append(timer)
        count += 1
    for ticket_id, timers in by_ticket.items():
        refresh_ticket_due(db.session.get(Ticket, ticket_id), timers)
    db.session.flush()
    return count
