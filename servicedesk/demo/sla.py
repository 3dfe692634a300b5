"""Demo SLA set-up: the calendars and the default policy of sla-semantics.md.

"Kontorstid" (Mon-Fri 08-17, Swedish holidays closed, the bank calendar's "from 2pm" days
closing at 14:00) is the default calendar; "Dygnet runt" is 24x7 and used by the care
documentation system. The default policy has the targets of the table in the docs.
"""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from servicedesk.domain.sla.calendar import RULE_CLOSES, bank_half_days
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Calendar,
    CalendarHours,
    CalendarShortDay,
    Service,
    SlaPolicy,
    SlaTarget,
)

H = 60
# priority: (first response, resolution) in business minutes; OLA = resolution.
DEFAULT_TARGETS = {1: (30, 4 * H), 2: (2 * H, 9 * H), 3: (9 * H, 45 * H), 4: (18 * H, 90 * H)}
CARE_SERVICE = "Verksamhetssystem vård och omsorg"


def office_calendar(
    name: str = "Kontorstid", *, years=(), default: bool = True, short_days: bool = True
) -> Calendar:
    """Mon-Fri 08-17 Stockholm; short days by the rule in every year (`short_days`), and
    `years` stored as rows an admin can see and edit (set by hand, as the rule gives them)."""
    calendar = Calendar(
        name=name, timezone="Europe/Stockholm", is_default=default, short_day_rule=short_days
    )
    calendar.hours = [CalendarHours(weekday=d, opens=time(8), closes=time(17)) for d in range(5)]
    if short_days:
        calendar.short_days = [
            CalendarShortDay(day=day, closes=RULE_CLOSES, reason="Dag före helgdag")
            for year in years
            for day in bank_half_days(year)
        ]
    db.session.add(calendar)
    db.session.flush()
    return calendar


def always_open_calendar(name: str = "Dygnet runt") -> Calendar:
    calendar = Calendar(
        name=name, timezone="Europe/Stockholm", always_open=True, swedish_holidays=False
    )
    db.session.add(calendar)
    db.session.flush()
    return calendar


def default_policy(name: str = "Standard", *, default: bool = True) -> SlaPolicy:
    policy = SlaPolicy(
        name=name,
        is_default=default,
        warn_percent=80,
        pause_on_requester=True,
        pause_on_supplier=False,
        pause_on_other=False,
    )
    policy.targets = [
        SlaTarget(priority=p, first_response_minutes=fr, resolution_minutes=res, ola_minutes=res)
        for p, (fr, res) in DEFAULT_TARGETS.items()
    ]
    db.session.add(policy)
    db.session.flush()
    return policy


def load_demo_sla(*, years=()) -> bool:
    """Create the demo calendars and policy once; False when they exist already."""
    if db.session.scalar(select(Calendar).where(Calendar.name == "Kontorstid")) is not None:
        return False
    office_calendar(years=years)
    always = always_open_calendar()
    default_policy()
    care = db.session.scalar(select(Service).where(Service.name_sv == CARE_SERVICE))
    if care is not None:
        care.calendar_id = always.id
    db.session.flush()
    return True
