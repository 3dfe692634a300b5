"""JSON views of timers and calendars for the API (sla-semantics.md, "The API view")."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.sla import clock
from servicedesk.domain.sla.calendar import closed_days, short_days_of
from servicedesk.domain.sla.resolve import spec_for
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, Queue, SlaTimer

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def timer_json(timer: SlaTimer, *, now: datetime, queue_name: str | None = None) -> dict:
    """One timer; `elapsed` in business minutes as of `now`, due_at null unless running.
    `queue` is the OLA's queue (null for requester-facing timers); pass `queue_name` when
    the caller loaded it already."""
    running = clock.clock_of(timer) == clock.RUNNING
    data = {
        "kind": timer.kind,
        "target": timer.target_minutes,
        "calendar": {"id": timer.calendar.id, "name": timer.calendar.name},
        "state": timer.state,
        "elapsed": round(clock.elapsed_at(timer, now), 2),
        "due_at": _iso(timer.due_at) if running else None,
        "warned_at": _iso(timer.warned_at),
        "breached_at": _iso(timer.breached_at),
        "met_at": _iso(timer.met_at),
    }
    data["queue"] = None
    if timer.kind == "ola" and timer.queue_id:
        if queue_name is None:
            queue_name = db.session.get(Queue, timer.queue_id).name
        data["queue"] = {"id": timer.queue_id, "name": queue_name}
    return data


def calendar_json(calendar: Calendar, year: int) -> dict:
    """Time zone, weekly hours, closed dates (holidays included) and short days of a year."""
    spec = spec_for(calendar)
    return {
        "id": calendar.id,
        "name": calendar.name,
        "timezone": spec.tz,
        "always_open": spec.always_open,
        "year": year,
        "weekly_hours": {
            WEEKDAYS[day]: [
                {"opens": o.strftime("%H:%M"), "closes": c.strftime("%H:%M")}
                for o, c in spec.weekly[day]
            ]
            for day in range(7)
        },
        "closed_dates": [
            {"date": day.isoformat(), "reason": reason} for day, reason in closed_days(spec, year)
        ],
        "short_days": [
            {"date": day.isoformat(), "closes": closes.strftime("%H:%M")}
            for day, closes in sorted(short_days_of(spec, year).items())
        ],
    }
