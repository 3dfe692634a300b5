"""A ticket's timers with their events, for the ticket page (two queries, no N+1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from servicedesk.domain.sla import clock, labels
from servicedesk.domain.sla.resolve import spec_for
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, SlaEvent, SlaTimer, Ticket


@dataclass
class TimerRow:
    timer: SlaTimer
    events: list[SlaEvent]
    clock: str  # running, paused, stopped
    elapsed: float  # business minutes as of now
    left: float  # business minutes to the target; negative when overdue
    queue: Queue | None

    @property
    def day_minutes(self) -> int:
        """The working day of the timer's calendar, for `labels.duration`/`time_left`."""
        return timer_day_minutes(self.timer)

    @property
    def tone(self) -> str:
        """A CSS hint; the state is always shown in text as well."""
        if self.timer.state == "breached" or (self.clock != "stopped" and self.left <= 0):
            return "breached"
        if self.timer.state == "met":
            return "met"
        if self.timer.warned_at is not None:
            return "warning"
        return self.timer.state


def timer_day_minutes(timer: SlaTimer) -> int:
    """The working day of a timer's calendar, in minutes."""
    return labels.working_day_minutes(spec_for(timer.calendar))


def ticket_timers(ticket: Ticket, *, now: datetime) -> list[TimerRow]:
    timers = list(
        db.session.scalars(
            select(SlaTimer).where(SlaTimer.ticket_id == ticket.id).order_by(SlaTimer.id)
        )
    )
    if not timers:
        return []
    stmt = select(SlaEvent).where(SlaEvent.timer_id.in_([t.id for t in timers]))
    by_timer: dict[int, list[SlaEvent]] = {t.id: [] for t in timers}
    for event in db.session.scalars(stmt.order_by(SlaEvent.at, SlaEvent.id)):
        by_timer[event.timer_id].append(event)
    rows = []
    for timer in timers:
        elapsed = clock.elapsed_at(timer, now)
        rows.append(
            TimerRow(
                timer=timer,
                events=by_timer[timer.id],
                clock=clock.clock_of(timer),
                elapsed=elapsed,
                left=timer.target_minutes - elapsed,
                queue=db.session.get(Queue, timer.queue_id) if timer.queue_id else None,
            )
        )
    return rows
