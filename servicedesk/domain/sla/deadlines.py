"""Time to the running deadline of listed tickets, in the business time of the deadline's
own timer, as the ticket page shows it (working days and hours of the timer's calendar).

`Ticket.due_at` is the earliest running requester-facing deadline (domain/sla/timers.py).
For a running timer, the business time from now to its `due_at` is exactly the target
minus the elapsed time the ticket page shows, and past the deadline the business time since
it is the overrun: the list and the page agree to the minute. The timers and their calendars
are two queries for the whole page; each row is then two bisections on the calendar's
cached year tables (`calendar.business_minutes_between`), never a walk through its weeks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from servicedesk.domain.sla.calendar import business_minutes_between
from servicedesk.domain.sla.labels import CALENDAR_DAY_MINUTES, time_left, working_day_minutes
from servicedesk.domain.sla.resolve import spec_for
from servicedesk.domain.sla.timers import REQUESTER_FACING
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, SlaTimer, Ticket
from servicedesk.models.ticket import OPEN_STATUS_VALUES


@dataclass(frozen=True)
class Left:
    minutes: float  # business minutes to the deadline; negative when it has passed
    day_minutes: int  # the working day of the timer's calendar (labels.duration)
    late: bool  # the deadline has passed (possibly while the calendar was closed)

    @property
    def text(self) -> str:
        """'3 h 20 min left', 'overdue by 2 working days 1 h' (the ticket page's words)."""
        return time_left(self.minutes, self.day_minutes, overdue=self.late)


def business_time_left(tickets: Iterable[Ticket], *, now: datetime) -> dict[int, Left]:
    """Ticket id -> the business time to its running deadline, for the open tickets with one."""
    due = {
        t.id: t.due_at for t in tickets if t.due_at is not None and t.status in OPEN_STATUS_VALUES
    }
    if not due:
        return {}
    # By ticket only (the index on ticket_id; SQLite would rather take the index on kind
    # and met_at, a range over every running timer), the rest sorted out here: a page is
    # 25-100 tickets of 2-3 timers.
    stmt = (
        select(
            SlaTimer.ticket_id,
            SlaTimer.kind,
            SlaTimer.met_at,
            SlaTimer.due_at,
            SlaTimer.calendar_id,
        )
        .where(SlaTimer.ticket_id.in_(list(due)))
        .order_by(SlaTimer.ticket_id, SlaTimer.due_at, SlaTimer.id)
    )
    calendar_ids: dict[int, int] = {}
    for ticket_id, kind, met_at, timer_due, calendar_id in db.session.execute(stmt):
        if kind not in REQUESTER_FACING or met_at is not None or timer_due is None:
            continue
        # the timer whose deadline is the ticket's; else the earliest running one
        if timer_due == due[ticket_id] or ticket_id not in calendar_ids:
            calendar_ids[ticket_id] = calendar_id
    calendars = {}
    if calendar_ids:
        wanted = select(Calendar).where(Calendar.id.in_(set(calendar_ids.values())))
        calendars = {c.id: c for c in db.session.scalars(wanted)}
    result = {}
    for ticket_id, at in due.items():
        calendar = calendars.get(calendar_ids.get(ticket_id))
        if calendar is None:  # a deadline without a timer (imported data): wall-clock time
            minutes = (at - now).total_seconds() / 60
            result[ticket_id] = Left(minutes, CALENDAR_DAY_MINUTES, at <= now)
            continue
        spec = spec_for(calendar)
        if at > now:
            minutes = business_minutes_between(spec, now, at)
        else:
            minutes = -business_minutes_between(spec, at, now)
        result[ticket_id] = Left(minutes, working_day_minutes(spec), at <= now)
    return result
