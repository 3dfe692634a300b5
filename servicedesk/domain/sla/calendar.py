"""Business-time arithmetic on a calendar, with no database.

Opening hours are local wall-clock times, converted to UTC per day, so a weekday 08-17 is
nine hours also on the DST days; a 24x7 calendar measures plain elapsed time. Work is done
per local year (see "The timeline" below): a year's open intervals are built once per
process and calendar version, then any span or deadline is a bisection. Internally all
durations are exact (integer microseconds), so adding a target and measuring it back gives
the target exactly.
"""

from __future__ import annotations

import importlib.util
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
from dateutil.easter import easter
from holidays.constants import BANK, DE_FACTO, PUBLIC

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)
ZERO = timedelta(0)
RULE_CLOSES = time(14)  # short days by the rule close at 14:00 (docs/sla.md)
MAX_SPAN_YEARS = 50  # open time is measured over at most the last 50 years
MAX_SPAN = timedelta(days=366 * MAX_SPAN_YEARS)
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


def _sweden() -> type[holidays.HolidayBase]:
    """The `holidays` calendar of Sweden, loaded alone. `holidays.SE` imports the package of
    all its ~250 countries to find it (about 280 modules, 16 MB in every worker that
    computes a deadline); the module itself needs only the shared base classes."""
    name = "holidays.countries.sweden"
    module = sys.modules.get(name)
    if module is None:
        path = Path(holidays.__file__).parent / "countries" / "sweden.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # the package, if it is ever imported, reuses it
        spec.loader.exec_module(module)
    return module.Sweden


@lru_cache(maxsize=256)
def swedish_holidays(year: int) -> dict[date, str]:
    """Public and de-facto (midsommar-, jul-, nyårsafton) holidays of one year."""
    return dict(_sweden()(years=year, categories=(PUBLIC, DE_FACTO), include_sundays=False).items())


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


def business_time_between(spec: CalendarSpec, start: datetime, end: datetime) -> timedelta:
    """Open time in [start, end) as a timedelta (zero when end <= start).

    A span longer than `MAX_SPAN_YEARS` counts its last `MAX_SPAN_YEARS` only: a mistyped
    year (0202) must not cost work proportional to centuries."""
    if end <= start:
        return ZERO
    if spec.always_open:
        return end - start
    line = _timeline(spec)
    lo, hi = _micros(start), _micros(end)
    lo = max(lo, hi - _MAX_SPAN)
    return timedelta(microseconds=line.between(lo, hi))


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
    if spec.week_length <= ZERO and not spec.short_days:
        raise ValueError("calendar has no opening hours")
    return _from_micros(_timeline(spec).deadline(_micros(start), amount // _MICRO))


# --- The timeline: open intervals as integer microseconds, one chunk per local year. ---
#
# Each chunk holds the year's open intervals (UTC, sorted) and the open time before each,
# so the open time before any instant is one bisection, and a span of years adds the
# chunks' totals. A chunk is built once per process per calendar version (the spec is
# cached per version, see resolve.spec_for) from `day_intervals`, the one definition of a
# day's hours; all sums are exact integers, so results equal the day-by-day walk exactly.

_MICRO = timedelta(microseconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_SPAN = MAX_SPAN // _MICRO  # the same limit in the timelines' microseconds
_BEGINNING = -(2**62)  # before any instant


def _micros(instant: datetime) -> int:
    return (instant - _EPOCH) // _MICRO


def _from_micros(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


class _Year:
    """The open intervals of one local year, and the open time before each of them."""

    __slots__ = ("opens", "closes", "before", "total", "regular")

    def __init__(self, spec: CalendarSpec, year: int) -> None:
        day, end = date(year, 1, 1), date(year + 1, 1, 1)
        intervals = []
        while day < end:
            intervals += [(_micros(o), _micros(c)) for o, c in day_intervals(spec, day)]
            day += DAY
        # Empty intervals count nothing either way; a reversed one (an opening hour inside
        # the spring DST gap) or an overlap needs the interval-by-interval rules below.
        intervals = [(o, c) for o, c in intervals if o != c]
        self.regular = all(o < c for o, c in intervals) and all(
            a[1] <= b[0] for a, b in zip(intervals, intervals[1:], strict=False)
        )
        self.opens = [o for o, _ in intervals]
        self.closes = [c for _, c in intervals]
        self.before, total = [], 0
        for o, c in intervals:
            self.before.append(total)
            total += max(c - o, 0)
        self.total = total if self.regular else sum(max(c - o, 0) for o, c in intervals)

    def open_before(self, at: int) -> int:
        """Open time of this year before the instant `at`."""
        if not self.regular:
            return sum(max(min(c, at) - o, 0) for o, c in zip(self.opens, self.closes, strict=True))
        i = bisect_right(self.opens, at) - 1
        if i < 0:
            return 0
        return self.before[i] + min(at, self.closes[i]) - self.opens[i]

    def deadline(self, start: int, remaining: int) -> tuple[int | None, int]:
        """Use up open time from `start`: (the instant it runs out or None, what is left)."""
        if not self.regular:  # interval by interval, as the day walk does
            for o, c in zip(self.opens, self.closes, strict=True):
                if c <= start:
                    continue
                o = max(o, start)
                if remaining <= c - o:
                    return o + remaining, 0
                remaining -= c - o
            return None, remaining
        target = self.open_before(start) + remaining
        if target > self.total:
            return None, target - self.total
        # The first interval whose end reaches the target; the deadline lies inside it.
        lo, hi = bisect_right(self.opens, start) - 1, len(self.opens)
        lo = max(lo, 0)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.before[mid] + self.closes[mid] - self.opens[mid] >= target:
                hi = mid
            else:
                lo = mid + 1
        return self.opens[lo] + target - self.before[lo], 0


class _Timeline:
    """A calendar's years, each built on first use."""

    def __init__(self, spec: CalendarSpec) -> None:
        self.spec = spec
        self.years: dict[int, _Year] = {}

    def year(self, year: int) -> _Year:
        found = self.years.get(year)
        if found is None:
            found = self.years[year] = _Year(self.spec, year)
        return found

    def year_of(self, at: int) -> int:
        return _from_micros(at).astimezone(self.spec.zone).year

    def between(self, lo: int, hi: int) -> int:
        """Open time in [lo, hi): two bisections, plus the totals of the years between."""
        first, last = self.year_of(lo), self.year_of(hi)
        if first == last:
            year = self.year(first)
            return year.open_before(hi) - year.open_before(lo)
        start = self.year(first)
        total = start.total - start.open_before(lo)
        for y in range(first + 1, last):
            total += self.year(y).total
        return total + self.year(last).open_before(hi)

    def deadline(self, start: int, amount: int) -> int:
        year = self.year_of(start)
        found, remaining = self.year(year).deadline(start, amount)
        for _ in range(MAX_SPAN_YEARS):
            if found is not None:
                return found
            year += 1
            found, remaining = self.year(year).deadline(_BEGINNING, remaining)
        if found is not None:
            return found
        raise ValueError(f"deadline beyond {MAX_SPAN_YEARS} years")


def _timeline(spec: CalendarSpec) -> _Timeline:
    """The spec's timeline, kept on the (immutable) spec itself: no hashing per call."""
    line = spec.__dict__.get("_line")
    if line is None:
        line = _Timeline(spec)
        object.__setattr__(spec, "_line", line)
    return line


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
    sweden = _sweden()
    bank = sweden(years=year, categories=(BANK,), include_sundays=False)
    from_2pm = {d for d, name in bank.items() if "14" in name or "2pm" in name.lower()}
    eves = sweden(years=year, categories=(DE_FACTO,), include_sundays=False)
    public = sweden(years=year, include_sundays=False)
    pingstafton = easter(year) + timedelta(days=48)
    not_shortened = {d - timedelta(days=1) for d in eves} | {pingstafton - timedelta(days=1)}
    days = {d for d in from_2pm - not_shortened if d.weekday() < 5}
    before_national_day = date(year, 6, 5)
    if before_national_day.weekday() < 5 and before_national_day not in public:
        days.add(before_national_day)
    return tuple(sorted(days))
