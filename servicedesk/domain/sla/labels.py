"""Display names for timer kinds, states and events; durations in business time."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

TIMER_KIND = {
    "first_response": _l("First response"),
    "resolution": _l("Resolution"),
    "ola": _l("Queue target (OLA)"),
}
STATE = {
    "running": _l("Running"),
    "paused": _l("Paused"),
    "met": _l("Met"),
    "breached": _l("Breached"),
}
EVENT = {
    "start": _l("Started"),
    "pause": _l("Paused"),
    "resume": _l("Resumed"),
    "retarget": _l("Target changed"),
    "warn": _l("Warning"),
    "breach": _l("Breached"),
    "stop": _l("Stopped"),
    "reopen": _l("Reopened"),
}
STOP_REASON = {
    "reply": _l("first public reply"),
    "resolved": _l("resolved"),
    "transferred": _l("transferred to another queue"),
}


def duration(minutes: float) -> str:
    """Business time as '2 h 5 min' (rounded down to whole minutes)."""
    total = int(abs(minutes))
    hours, rest = divmod(total, 60)
    if hours and rest:
        return gettext("%(h)s h %(m)s min", h=hours, m=rest)
    if hours:
        return gettext("%(h)s h", h=hours)
    return gettext("%(m)s min", m=rest)
