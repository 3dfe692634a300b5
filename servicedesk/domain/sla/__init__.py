"""SLA: business-hours calendars, timers on tickets, and the watcher that escalates.

`connect(app)` subscribes the timer receivers to the ticket domain events and gives the
templates the SLA labels; create_app calls it.
"""

from __future__ import annotations


def connect(app=None) -> None:
    from servicedesk.domain.sla import labels, timeline, timers
    from servicedesk.models.base import utcnow

    timers.connect()
    if app is not None:
        app.jinja_env.globals["sla_labels"] = labels
        app.jinja_env.globals["sla_duration"] = labels.duration
        app.jinja_env.globals["sla_time_left"] = labels.time_left
        app.jinja_env.globals["sla_day_minutes"] = timeline.timer_day_minutes
        app.jinja_env.globals["sla_ticket_timers"] = lambda ticket: timeline.ticket_timers(
            ticket, now=utcnow()
        )
