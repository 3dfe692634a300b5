"""Business-time arithmetic on a calendar, with no database.

Opening hours are local wall-clock times, converted to UTC per day, so a weekday 08-17 is
nine hours also on the DST days; a 24x7 calendar measures plain elapsed time. Work is done
per day crossed (whole clean weeks are skipped at once), never per minute. Internally all
durations are `timedelta` (exact microseconds), so adding a target and measuring it back
gives the target exactly.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.easter import easter
from holidays.constants import DE_FACTO, PUBLIC

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)
ZERO = timedelta(0)
RULE_CLOSES = time(14)  # short days by the rule close at 14:00 (docs/sla.md)
MAX_SPAN = timedelta(days=366 * 50)  # open time is measured over at most the last 50 years
Interval = tuple[time, time]


@dataclass(frozen=True)
class CalendarSpec:
    """Everything business-time arithmetic needs to know about one calendar."""

    tz: str = "Europe/Stockholm"
    weekly: tuple[tuple[Interval, ...], ...] = ((),) * 7  # Monday first, local time
    closed: frozenset[date] = frozenset()
    short_days: tuple[tuple[date, time], ...] = ()  # (day, closes), sorted
    swedish_holidays: bool = True
    short_day_rule: bool = False  # bank_half_days at RULE_CLOSES, in years not set by hand
    hand_set_years: frozenset[int] = frozenset()  # years whose short days are the rows only
    always_open: bool = False
    _short: dict = field(default=None, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_short", dict(self.short_days))

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.tz)

    @property
    def week_length(self) -> timedelta:
        """Open time in a week without exceptions or DST changes (wall-clock lengths)."""
        return _week_length(self.weekly)


def office_hours(
    opens: time = time(8), closes: time = time(17), *, tz: str = "Europe/Stockholm", **kw
) -> CalendarSpec:
    """Monday-Friday opens-closes: the common case, for tests and the demo."""
    day = ((opens, closes),)
    return CalendarSpec(tz=tz, weekly=(day,) * 5 + ((), ()), **kw)


def spec_from_model(calendar) -> CalendarSpec:
    """Build the spec from a `Calendar` row (its hours, closed dates and short days)."""
    weekly: list[list[Interval]] = [[] for _ in range(7)]
    for row in calendar.hours:
        weekly[row.weekday].append((row.opens, row.closes))
    return CalendarSpec(
        tz=calendar.timezone or "Europe/Stockholm",
        weekly=tuple(tuple(sorted(day)) for day in weekly),
        closed=frozenset(row.day for row in calendar.closed_dates),
        short_days=tuple(sorted((row.day, row.closes) for row in calendar.short_days)),
        swedish_holidays=bool(calendar.swedish_holidays),
        short_day_rule=bool(calendar.short_day_rule),
        hand_set_years=frozenset(row.year for row in calendar.short_years)
        | {row.day.year for row in calendar.short_days},
        always_open=bool(calendar.always_open),
    )


@lru_cache(maxsize=32)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=64)
def _week_length(weekly) -> timedelta:
    return sum((_wall(c) - _wall(o) for day in weekly for o, c in day), ZERO)


def _wall(t: time) -> timedelta:
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second)


@lru_cache(maxsize=256)
def swedish_holidays(year: int) -> dict[date, str]:
    """Public and de-facto (midsommar-, jul-, nyårsafton) holidays of one year."""
    return dict(
        holidays.SE(years=year, categories=(PUBLIC, DE_FACTO), include_sundays=False).items()
    )


@lru_cache(maxsize=256)
def _exceptions(spec: CalendarSpec, year: int) -> tuple[date, ...]:
    """Sorted days of `year` that differ from the weekly pattern (closed or shortened)."""
    days = {d for d in spec.closed if d.year == year}
    days.update(short_days_of(spec, year))
    if spec.swedish_holidays:
        days.update(swedish_holidays(year))
    return tuple(sorted(days))


@lru_cache(maxsize=256)
def short_days_of(spec: CalendarSpec, year: int) -> dict[date, time]:
    """The shortened days of one year and their closing time: computed from the rule (like
    the holidays), unless an admin set that year by hand; then only the stored days."""
    if spec.short_day_rule and year not in spec.hand_set_years:
        return dict.fromkeys(bank_half_days(year), RULE_CLOSES)
    return {day: closes for day, closes in spec.short_days if day.year == year}


def is_closed(spec: CalendarSpec, day: date) -> bool:
    if day in spec.closed:
        return True
    return spec.swedish_holidays and day in swedish_holidays(day.year)


def day_intervals(spec: CalendarSpec, day: date) -> list[tuple[datetime, datetime]]:
    """The open intervals of one local day, as aware UTC instants."""
    if spec.always_open:
        return [(_utc(spec, day, time(0)), _utc(spec, day + DAY, time(0)))]
    if is_closed(spec, day):
        return []
    short = short_days_of(spec, day.year).get(day)
    result = []
    for opens, closes in spec.weekly[day.weekday()]:
        if short is not None:
            closes = min(closes, short)
        if opens < closes:
            result.append((_utc(spec, day, opens), _utc(spec, day, closes)))
    return result


def _utc(spec: CalendarSpec, day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=spec.zone).astimezone(UTC)


def _local_day(spec: CalendarSpec, instant: datetime) -> date:
    return instant.astimezone(spec.zone).date()


def _clean_week(spec: CalendarSpec, day: date) -> bool:
    """True when the 7 days from `day` follow the weekly pattern with no DST change."""
    end = day + timedelta(days=7)
    for year in {day.year, end.year}:
        found = _exceptions(spec, year)
        i = bisect_left(found, day)
        if i < len(found) and found[i] < end:
            return False
    zone = spec.zone
    start_offset = datetime.combine(day, time(0), tzinfo=zone).utcoffset()
    return start_offset == datetime.combine(end, time(0), tzinfo=zone).utcoffset()


def _overlap(intervals: Iterable[tuple[datetime, datetime]], lo: datetime, hi: datetime):
    total = ZERO
    for opens, closes in intervals:
        a, b = max(opens, lo), min(closes, hi)
        if a < b:
            total += b - a
    return total


def business_time_between(spec: CalendarSpec, start: datetime, end: datetime) -> timedelta:
    """Open time in [start, end) as a timedelta (zero when end <= start)."""
    if end <= start:
        return ZERO
    if spec.always_open:
        return end - start
    start = max(start, end - MAX_SPAN)  # a typo'd year 202 must not walk 18 centuries
    day, last = _local_day(spec, start), _local_day(spec, end)
    total = _overlap(day_intervals(spec, day), start, end)
    day += DAY
    week = spec.week_length
    while day < last:
        if day + timedelta(days=7) <= last and _clean_week(spec, day):
            total += week
            day += timedelta(days=7)
            continue
        total += _overlap(day_intervals(spec, day), start, end)
        day += DAY
    if last > _local_day(spec, start):
        total += _overlap(day_intervals(spec, last), start, end)
    return total


def business_minutes_between(spec: CalendarSpec, start: datetime, end: datetime) -> float:
    return business_time_between(spec, start, end) / MINUTE


def add_business_time(spec: CalendarSpec, start: datetime, amount: timedelta) -> datetime:
    """The first instant at which `amount` of open time has passed since `start`.

    A start outside opening hours counts from the next opening; an amount used up exactly
    at a closing instant gives that closing instant, not the next opening.
    """
    if amount <= ZERO:
        return start
    if spec.always_open:
        return start + amount
    day = _local_day(spec, start)
    remaining = amount
    found, remaining = _consume_day(spec, day, start, remaining)
    if found:
        return found
    day += DAY
    week = spec.week_length
    if week <= ZERO and not spec.short_days:
        raise ValueError("calendar has no opening hours")
    for _ in range(366 * 50):
        if week and remaining > week and _clean_week(spec, day):
            remaining -= week
            day += timedelta(days=7)
            continue
        found, remaining = _consume_day(spec, day, None, remaining)
        if found:
            return found
        day += DAY
    raise ValueError("deadline beyond 50 years")


def _consume_day(spec: CalendarSpec, day: date, start: datetime | None, remaining: timedelta):
    """Use up open time of one day from `start`; returns (deadline or None, remaining)."""
    for opens, closes in day_intervals(spec, day):
        if start is not None:
            if closes <= start:
                continue
            opens = max(opens, start)
        length = closes - opens
        if remaining <= length:
            return opens + remaining, ZERO
        remaining -= length
    return None, remaining


def add_business_minutes(spec: CalendarSpec, start: datetime, minutes: float) -> datetime:
    return add_business_time(spec, start, timedelta(minutes=minutes))


def closed_days(spec: CalendarSpec, year: int) -> list[tuple[date, str]]:
    """Closed dates of one year with a reason (holiday name or "closed"), for display/API."""
    days: dict[date, str] = {d: "closed" for d in spec.closed if d.year == year}
    if spec.swedish_holidays:
        days.update(swedish_holidays(year))
    return sorted(days.items())


@lru_cache(maxsize=256)
def bank_half_days(year: int) -> tuple[date, ...]:
    """The shortened days ("dag före röd dag") a municipality keeps, to seed calendars.

    Starts from the days the `holidays` bank calendar marks "from 2pm", then follows
    municipal practice (public-sector-sweden.md §5.1): the days before midsommarafton,
    julafton, nyårsafton and pingstafton are ordinary days, and the day before
    nationaldagen is shortened when it is a weekday. Admins edit the result per calendar.
    """
    bank = holidays.SE(years=year, categories=(holidays.constants.BANK,), include_sundays=False)
    from_2pm = {d for d, name in bank.items() if "14" in name or "2pm" in name.lower()}
    eves = holidays.SE(years=year, categories=(holidays.constants.DE_FACTO,), include_sundays=False)
    public = holidays.SE(years=year, include_sundays=False)
    pingstafton = easter(year) + timedelta(days=48)
    not_shortened = {d - timedelta(days=1) for d in eves} | {pingstafton - timedelta(days=1)}
    days = {d for d in from_2pm - not_shortened if d.weekday() < 5}
    before_national_day = date(year, 6, 5)
    if before_national_day.weekday() < 5 and before_national_day not in public:
        days.add(before_national_day)
    return tuple(sorted(days))
