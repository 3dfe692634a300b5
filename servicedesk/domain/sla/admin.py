"""Administering calendars and policies: parse what an admin typed, validate, save.

Weekly hours are typed per weekday as "08:00-12:00, 13:00-17:00" (empty: closed); closed
dates one a line as "2026-05-15 Klämdag"; short days as "2026-12-23 14:00 reason".
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.sla.resolve import forget_spec
from servicedesk.domain.sla.targets import Entered, minutes_of, working_day_minutes
from servicedesk.domain.sla.timers import retarget_policy
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Calendar,
    CalendarClosedDate,
    CalendarHours,
    CalendarShortDay,
    CalendarShortYear,
    SlaPolicy,
    SlaTarget,
    User,
)

WEEKDAY_FIELDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def require_admin(actor: User) -> None:
    if not actor.has_role("admin"):
        raise PermissionDenied(_l("Only administrators may change service levels."))


def _time(text: str, field: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationError(_l("Write times as HH:MM."), field=field) from exc


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationError(_l("Write dates as YYYY-MM-DD."), field=field) from exc


def parse_intervals(text: str, field: str) -> list[tuple[time, time]]:
    """'08:00-12:00, 13:00-17:00' -> sorted, non-overlapping intervals."""
    intervals = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        opens, sep, closes = part.partition("-")
        if not sep:
            raise ValidationError(_l("Write hours as 08:00-17:00."), field=field)
        interval = (_time(opens, field), _time(closes, field))
        if interval[0] >= interval[1]:
            raise ValidationError(_l("Opening must be before closing."), field=field)
        intervals.append(interval)
    intervals.sort()
    for (_, end), (start, _) in zip(intervals, intervals[1:], strict=False):
        if start < end:
            raise ValidationError(_l("Opening hours overlap."), field=field)
    return intervals


def parse_closed(text: str, field: str = "closed_dates") -> dict[date, str]:
    days = {}
    for line in filter(None, (raw.strip() for raw in (text or "").splitlines())):
        day, _, reason = line.partition(" ")
        days[_day(day, field)] = reason.strip()[:200]
    return days


def parse_short(text: str, field: str = "short_days") -> dict[date, tuple[time, str]]:
    return parse_short_years(text, field)[0]


def parse_short_years(
    text: str, field: str = "short_days"
) -> tuple[dict[date, tuple[time, str]], set[int]]:
    """Short days set by hand ("2026-12-23 14:00 reason") and the years they set; a line
    with a year alone ("2029") sets that year to no short days at all."""
    days, years = {}, set()
    for line in filter(None, (raw.strip() for raw in (text or "").splitlines())):
        if line.isdigit() and len(line) == 4:
            years.add(_year(line, field))
            continue
        parts = line.split(" ", 2)
        if len(parts) < 2:
            raise ValidationError(_l("Write a date and a closing time."), field=field)
        day = _day(parts[0], field)
        days[day] = (_time(parts[1], field), (parts[2:] or [""])[0][:200])
        years.add(_year(str(day.year), field))
    return days, years


def _year(text: str, field: str) -> int:
    year = int(text)
    if not 1990 <= year <= 2100:
        raise ValidationError(_l("Give a year from 1990 to 2100."), field=field)
    return year


def save_calendar(
    calendar: Calendar | None,
    *,
    actor: User,
    name: str,
    timezone: str,
    always_open: bool,
    swedish_holidays: bool,
    is_default: bool,
    weekly: dict[str, str],
    closed_dates: str,
    short_days: str,
    short_day_rule: bool = False,
    now: datetime,
) -> Calendar:
    """Create or replace a calendar's settings; all-or-nothing on validation."""
    require_admin(actor)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationError(_l("Give a name of at most 100 characters."), field="name")
    clash = db.session.scalar(select(Calendar).where(Calendar.name == name))
    if clash is not None and clash is not calendar:
        raise ValidationError(_l("That name is taken."), field="name")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_l("Unknown time zone."), field="timezone") from exc
    hours = {d: parse_intervals(weekly.get(f, ""), f) for d, f in enumerate(WEEKDAY_FIELDS)}
    if not always_open and not any(hours.values()):
        raise ValidationError(_l("Give opening hours for at least one day."), field="mon")
    closed, (short, short_years) = parse_closed(closed_dates), parse_short_years(short_days)
    calendar = calendar or Calendar()
    calendar.name, calendar.timezone = name, timezone
    calendar.always_open, calendar.swedish_holidays = always_open, swedish_holidays
    calendar.short_day_rule = short_day_rule
    if calendar.id is not None:  # delete the old rows first: (calendar, day) is unique
        calendar.hours, calendar.closed_dates, calendar.short_days = [], [], []
        calendar.short_years = []
        db.session.flush()
    calendar.hours = [
        CalendarHours(weekday=d, opens=o, closes=c) for d, ivs in hours.items() for o, c in ivs
    ]
    calendar.closed_dates = [CalendarClosedDate(day=d, reason=r) for d, r in closed.items()]
    calendar.short_days = [
        CalendarShortDay(day=d, closes=c, reason=r) for d, (c, r) in short.items()
    ]
    calendar.short_years = [CalendarShortYear(year=y) for y in sorted(short_years)]
    db.session.add(calendar)
    db.session.flush()
    if is_default:
        db.session.execute(
            update(Calendar).where(Calendar.id != calendar.id).values(is_default=False)
        )
    calendar.is_default = is_default
    forget_spec(calendar)
    db.session.flush()
    return calendar


def save_policy(
    policy: SlaPolicy | None,
    *,
    actor: User,
    name: str,
    is_default: bool,
    warn_percent: int,
    pause_on_requester: bool,
    pause_on_supplier: bool,
    pause_on_other: bool,
    targets: dict[int, tuple[int | Entered | None, int | Entered | None, int | Entered | None]],
    now: datetime,
) -> SlaPolicy:
    """Create or update a policy with one target row per priority: first response,
    resolution and queue target, each as business minutes or as typed (hours or working
    days, see `targets`), above zero and at most a year."""
    require_admin(actor)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationError(_l("Give a name of at most 100 characters."), field="name")
    clash = db.session.scalar(select(SlaPolicy).where(SlaPolicy.name == name))
    if clash is not None and clash is not policy:
        raise ValidationError(_l("That name is taken."), field="name")
    if warn_percent is None or not 1 <= warn_percent <= 99:
        raise ValidationError(_l("Between 1 and 99."), field="warn_percent")
    day = working_day_minutes()
    targets = {
        priority: tuple(
            minutes_of(value, day, field=f"p{priority}_{key}", required=key != "ola")
            for key, value in zip(("fr", "res", "ola"), values, strict=True)
        )
        for priority, values in targets.items()
    }
    policy = policy or SlaPolicy()
    policy.name, policy.warn_percent = name, warn_percent
    policy.pause_on_requester, policy.pause_on_supplier = pause_on_requester, pause_on_supplier
    policy.pause_on_other = pause_on_other
    existing = {t.priority: t for t in policy.targets}
    policy.targets = [_target(existing.get(p), p, *values) for p, values in sorted(targets.items())]
    db.session.add(policy)
    db.session.flush()
    if is_default:
        db.session.execute(
            update(SlaPolicy).where(SlaPolicy.id != policy.id).values(is_default=False)
        )
    policy.is_default = is_default
    db.session.flush()
    retarget_policy(policy, now=now)
    return policy


def _target(row: SlaTarget | None, priority: int, first: int, resolution: int, ola) -> SlaTarget:
    row = row or SlaTarget(priority=priority)
    row.first_response_minutes, row.resolution_minutes, row.ola_minutes = first, resolution, ola
    return row
