"""Display names for timer kinds, states and events; durations in business time."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_app_context
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from servicedesk.domain.sla.calendar import CalendarSpec

TIMER_KIND = {
    "first_response": _l("First response"),
    "resolution": _l("Resolution"),
    "ola": _l("Queue target (OLA)"),
    "nis_early_warning": _l("NIS2 early warning (24 h)"),
    "nis_notification": _l("NIS2 incident notification (72 h)"),
    "nis_final_report": _l("NIS2 final report (one month)"),
    "gdpr_breach": _l("Personal data breach to IMY (72 h)"),
}
STATE = {
    "running": _l("Running"),
    "paused": _l("Paused"),
    "met": _l("Met"),
    "breached": _l("Breached"),
}
# A legal clock ran out: the law's deadline passed, not a service level.
LEGAL_STATE = {"breached": _l("Deadline passed")}


def state_label(kind: str, state: str) -> str:
    """A timer's state in words; a breached legal clock reads "Tidsfristen passerad"."""
    if kind in LEGAL_AUTHORITY and state in LEGAL_STATE:
        return str(LEGAL_STATE[state])
    return str(STATE.get(state, state))


EVENT = {
    "start": _l("Started"),
    "pause": _l("Paused"),
    "resume": _l("Resumed"),
    "retarget": _l("Target changed"),
    "warn": _l("Warning"),
    "breach": _l("Breached"),
    "stop": _l("Stopped"),
    "reopen": _l("Reopened"),
    "reverse": _l("Taken back: the report was submitted in time"),
}
STOP_REASON = {
    "reply": _l("first public reply"),
    "resolved": _l("resolved"),
    "transferred": _l("transferred to another queue"),
    "reported": _l("report submitted to the authority"),
    "not_reportable": _l("decided not reportable"),
    "not_applicable": _l("no longer applies"),
}

# Who a legal clock's report goes to (an installation may name another CSIRT for NIS2 with
# SECURITY_NIS2_AUTHORITY), and what is due by the deadline, for the warning and breach mails.
LEGAL_AUTHORITY = {
    "nis_early_warning": "CERT-SE",
    "nis_notification": "CERT-SE",
    "nis_final_report": "CERT-SE",
    "gdpr_breach": "IMY",
}
LEGAL_DUE = {
    "nis_early_warning": _l("Early warning to %(authority)s by %(due)s"),
    "nis_notification": _l("Incident notification to %(authority)s by %(due)s"),
    "nis_final_report": _l("Final report to %(authority)s by %(due)s"),
    "gdpr_breach": _l("Notification to %(authority)s by %(due)s"),
}


def legal_authority(kind: str) -> str:
    """The authority a legal clock's report goes to ("CERT-SE", "IMY")."""
    if kind != "gdpr_breach" and has_app_context():
        return current_app.config.get("SECURITY_NIS2_AUTHORITY") or LEGAL_AUTHORITY[kind]
    return LEGAL_AUTHORITY[kind]


def legal_due(kind: str, due: str) -> str:
    """What is due by when, in the reader's language: "Tidig varning till CERT-SE senast
    2026-11-27 11:00"."""
    return str(LEGAL_DUE[kind]) % {"authority": legal_authority(kind), "due": due}


# A working day on the demo's and most municipalities' calendar (Kontorstid, 08-17).
DEFAULT_DAY_MINUTES = 9 * 60
CALENDAR_DAY_MINUTES = 24 * 60


def working_day_minutes(spec: CalendarSpec) -> int:
    """The length of one working day on a calendar: its open time in an ordinary week shared
    out over the weekdays it is open (a 24x7 calendar's day is the whole day)."""
    if spec.always_open:
        return CALENDAR_DAY_MINUTES
    open_days = sum(1 for day in spec.weekly if day)
    week = int(spec.week_length.total_seconds() // 60)
    if not open_days or not week:
        return CALENDAR_DAY_MINUTES
    return max(1, week // open_days)


@dataclass(frozen=True)
class DurationParts:
    days: int
    hours: int
    minutes: int


def duration_parts(minutes: float, day_minutes: int = DEFAULT_DAY_MINUTES) -> DurationParts:
    """Whole business minutes (rounded down, sign dropped) as working days, hours, minutes:
    `days * day_minutes + hours * 60 + minutes` gives the whole minutes back."""
    total = int(abs(minutes))
    day_minutes = max(1, int(day_minutes))
    days, rest = divmod(total, day_minutes)
    hours, mins = divmod(rest, 60)
    return DurationParts(days, hours, mins)


def _days(count: int, day_minutes: int) -> str:
    if day_minutes >= CALENDAR_DAY_MINUTES:
        return ngettext("%(num)s day", "%(num)s days", count)
    return ngettext("%(num)s working day", "%(num)s working days", count)


def duration(minutes: float, day_minutes: int = DEFAULT_DAY_MINUTES) -> str:
    """Business time in the words of the business: '2 working days 3 h', '4 working days',
    '45 min' (the two largest parts, rounded down to whole minutes).

    `day_minutes` is the working day of the timer's calendar (`working_day_minutes`)."""
    parts = duration_parts(minutes, day_minutes)
    if parts.days:
        days = _days(parts.days, day_minutes)
        if parts.hours:
            return gettext("%(days)s %(h)s h", days=days, h=parts.hours)
        return days
    if parts.hours and parts.minutes:
        return gettext("%(h)s h %(m)s min", h=parts.hours, m=parts.minutes)
    if parts.hours:
        return gettext("%(h)s h", h=parts.hours)
    return gettext("%(m)s min", m=parts.minutes)


def time_left(
    minutes: float, day_minutes: int = DEFAULT_DAY_MINUTES, *, overdue: bool | None = None
) -> str:
    """Time to a target as a phrase: '45 min left', or 'overdue by 4 working days'.

    `overdue`: the deadline has passed (default: the minutes are negative), so that a
    deadline passed while the calendar was closed reads 'overdue by 0 min'."""
    if minutes < 0 if overdue is None else overdue:
        return gettext("overdue by %(time)s", time=duration(minutes, day_minutes))
    return gettext("%(time)s left", time=duration(minutes, day_minutes))
