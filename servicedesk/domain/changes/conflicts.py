"""Change calendar conflicts: two changes on one service in overlapping windows, and
changes inside a freeze period.

Windows are half-open, [start, end): a change ending at 02:00 and one starting at 02:00
do not overlap. All comparisons are on aware UTC instants, so the hour that repeats when
summer time ends (2026-10-25) is two different hours, as it is in reality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.changes.state import is_admin
from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.permissions import change_visibility
from servicedesk.infra.extensions import db
from servicedesk.models import Change, ChangeService, ChangeState, FreezePeriod, User

# Changes that no longer (or not yet) hold a slot in the calendar.
INACTIVE_STATES = (ChangeState.CANCELLED, ChangeState.REJECTED, ChangeState.CLOSED)


@dataclass(frozen=True)
class Window:
    """A change's slot: its id, services and [start, end)."""

    key: int
    service_ids: frozenset[int]
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Freeze:
    key: int
    name: str
    service_id: int | None  # None: everything is frozen
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Conflict:
    kind: str  # "overlap" or "freeze"
    first: int  # a change id
    other: int  # the other change id, or the freeze period id
    service_ids: frozenset[int]


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals overlap when each starts before the other ends."""
    return a_start < b_end and b_start < a_end


def detect_conflicts(windows: list[Window], freezes: list[Freeze] = ()) -> list[Conflict]:
    """Every overlapping pair on a shared service, and every change inside a freeze."""
    found = []
    ordered = sorted(windows, key=lambda w: (w.start, w.key))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.start >= first.end:
                break
            shared = first.service_ids & second.service_ids
            if shared and overlaps(first.start, first.end, second.start, second.end):
                a, b = sorted((first.key, second.key))
                found.append(Conflict("overlap", a, b, shared))
        for freeze in freezes:
            applies = freeze.service_id is None or freeze.service_id in first.service_ids
            if applies and overlaps(first.start, first.end, freeze.start, freeze.end):
                services = frozenset({freeze.service_id}) if freeze.service_id else frozenset()
                found.append(Conflict("freeze", first.key, freeze.key, services))
    return found


def window_of(change: Change) -> Window | None:
    if not (change.planned_start and change.planned_end):
        return None
    return Window(
        change.id,
        frozenset(s.id for s in change.services),
        change.planned_start,
        change.planned_end,
    )


def freezes_between(start: datetime, end: datetime) -> list[FreezePeriod]:
    stmt = select(FreezePeriod).where(FreezePeriod.start_at < end, FreezePeriod.end_at > start)
    return list(db.session.scalars(stmt.order_by(FreezePeriod.start_at)))


def changes_between(
    start: datetime, end: datetime, service_ids=None, *, viewer: User | None = None
) -> list[Change]:
    """Active changes with a window overlapping [start, end), optionally on some services;
    with a `viewer`, only the changes that user may see."""
    stmt = select(Change).where(
        Change.planned_start < end,
        Change.planned_end > start,
        Change.state.not_in([s.value for s in INACTIVE_STATES]),
    )
    if viewer is not None:
        stmt = stmt.where(change_visibility(viewer))
    if service_ids is not None:
        touching = select(ChangeService.change_id).where(ChangeService.service_id.in_(service_ids))
        stmt = stmt.where(Change.id.in_(touching))
    return list(db.session.scalars(stmt.order_by(Change.planned_start, Change.id)))


def _freeze(row: FreezePeriod) -> Freeze:
    return Freeze(row.id, row.name, row.service_id, row.start_at, row.end_at)


def conflicts_for(
    change: Change, viewer: User | None = None
) -> tuple[list[Change], list[FreezePeriod]]:
    """The query: other active changes sharing a service in an overlapping window (those
    `viewer` may see, when given), and the freeze periods (global or for one of its
    services) the window falls into."""
    mine = window_of(change)
    if mine is None:
        return [], []
    between = changes_between(mine.start, mine.end, mine.service_ids, viewer=viewer)
    others = [c for c in between if c.id != change.id]
    windows = [mine] + [w for w in (window_of(c) for c in others) if w is not None]
    freezes = [
        f
        for f in freezes_between(mine.start, mine.end)
        if f.service_id is None or f.service_id in mine.service_ids
    ]
    conflicts = detect_conflicts(windows, [_freeze(f) for f in freezes])
    other_ids = {
        c.first if c.other == change.id else c.other for c in conflicts if c.kind == "overlap"
    }
    frozen_ids = {c.other for c in conflicts if c.kind == "freeze" and c.first == change.id}
    return [c for c in others if c.id in other_ids], [f for f in freezes if f.id in frozen_ids]


def calendar_conflicts(changes: list[Change], freezes: list[FreezePeriod]) -> list[Conflict]:
    windows = [w for w in (window_of(c) for c in changes) if w is not None]
    return detect_conflicts(windows, [_freeze(f) for f in freezes])


def create_freeze(
    actor, *, name: str, start: datetime, end: datetime, service=None
) -> FreezePeriod:
    """Admins define freeze periods."""
    if not is_admin(actor):
        raise PermissionDenied(_l("Only administrators define freeze periods."))
    if not (name or "").strip():
        raise ValidationError(_l("Give the freeze period a name."), field="name")
    if end <= start:
        raise ValidationError(_l("The end must be after the start."), field="end")
    row = FreezePeriod(
        name=name.strip(), start_at=start, end_at=end, service_id=service.id if service else None
    )
    db.session.add(row)
    db.session.flush()
    return row
