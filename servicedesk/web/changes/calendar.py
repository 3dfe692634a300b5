"""The change calendar: month and week views of planned changes, with conflicts in text."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import render_template, request
from sqlalchemy import select

from servicedesk.domain.catalog.lookup import service_choices
from servicedesk.domain.changes.conflicts import (
    calendar_conflicts,
    changes_between,
    freezes_between,
)
from servicedesk.infra.extensions import db
from servicedesk.models import Service, Unit
from servicedesk.web.changes.common import bp
from servicedesk.web.changes.forms import local_zone
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.util import date_arg, int_arg, staff_required, user


def _day_start(day: date) -> datetime:
    """Local midnight as a UTC instant (a DST day is 23 or 25 hours long)."""
    return datetime.combine(day, time(0), tzinfo=local_zone()).astimezone(UTC)


def _anchor() -> date:
    return date_arg("date") or datetime.now(local_zone()).date()


def _period(view: str, anchor: date) -> tuple[list[date], date, date]:
    """The days shown, and the anchors of the previous and next period."""
    if view == "week":
        first = anchor - timedelta(days=anchor.weekday())
        return (
            [first + timedelta(days=n) for n in range(7)],
            first - timedelta(7),
            first + timedelta(7),
        )
    first_of_month = anchor.replace(day=1)
    grid_start = first_of_month - timedelta(days=first_of_month.weekday())
    next_month = (first_of_month + timedelta(days=32)).replace(day=1)
    grid_end = next_month + timedelta(days=(7 - next_month.weekday()) % 7)
    days = [grid_start + timedelta(days=n) for n in range((grid_end - grid_start).days)]
    prev_month = (first_of_month - timedelta(days=1)).replace(day=1)
    return days, prev_month, next_month


def _service_filter() -> list[int] | None:
    service_id = int_arg("service")
    unit_id = int_arg("unit")
    if service_id:
        return [service_id]
    if unit_id:
        return list(db.session.scalars(select(Service.id).where(Service.owner_unit_id == unit_id)))
    return None


@bp.route("/calendar")
@staff_required
def calendar():
    view = "week" if request.args.get("view") == "week" else "month"
    anchor = _anchor()
    days, prev_anchor, next_anchor = _period(view, anchor)
    start, end = _day_start(days[0]), _day_start(days[-1] + timedelta(days=1))
    rows = changes_between(start, end, _service_filter(), viewer=user())
    freezes = freezes_between(start, end)
    by_day = {
        day: [
            c
            for c in rows
            if c.planned_start < _day_start(day + timedelta(1)) and c.planned_end > _day_start(day)
        ]
        for day in days
    }
    return render_template(
        "changes/calendar.html",
        view=view,
        anchor=anchor,
        days=days,
        by_day=by_day,
        changes={c.id: c for c in rows},
        freezes={f.id: f for f in freezes},
        conflicts=calendar_conflicts(rows, freezes),
        prev_anchor=prev_anchor,
        next_anchor=next_anchor,
        services=service_choices(current_locale_code()),
        units=db.session.scalars(select(Unit).order_by(Unit.name)).all(),
        args=request.args,
    )
