"""The life of one timer: start, pause, resume, stop, reopen, retarget, warn and breach.

Each operation appends an `SlaEvent` and refreshes the snapshot columns on `SlaTimer`
(elapsed up to `elapsed_as_of`, due_at, warn_at, next_event_at, state). Warnings and
breaches are inserted with a unique `once_key`, so whatever runs twice records them once;
their instant is when time ran out, found by replaying the running segments if needed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import JSON, bindparam, select, text

from servicedesk.domain.sla.calendar import add_business_minutes, business_minutes_between
from servicedesk.domain.sla.resolve import spec_for
from servicedesk.infra.extensions import db
from servicedesk.models import SlaEvent, SlaTimer
from servicedesk.models.base import UTCDateTime
from servicedesk.models.sla import TimerState

EPS = 1e-6  # minutes; float sums of business minutes
RUNNING, PAUSED, STOPPED = "running", "paused", "stopped"
OPENS = ("start", "resume", "reopen")
CLOSES = ("pause", "stop")

# Called as escalate(timer, kind, now=...) after a warning or breach is first recorded.
Escalator = Callable[..., None]


def clock_of(timer: SlaTimer) -> str:
    """Whether time counts now. A breached timer keeps counting until it is stopped."""
    if timer.met_at is not None:
        return STOPPED
    if timer.state == TimerState.PAUSED:
        return PAUSED
    if timer.state == TimerState.BREACHED and timer.due_at is None:
        return PAUSED
    return RUNNING


def elapsed_at(timer: SlaTimer, at: datetime) -> float:
    """Business minutes used up to `at`."""
    if clock_of(timer) != RUNNING or at <= timer.elapsed_as_of:
        return timer.elapsed_minutes
    spec = spec_for(timer.calendar)
    return timer.elapsed_minutes + business_minutes_between(spec, timer.elapsed_as_of, at)


def warn_minutes(timer: SlaTimer) -> float:
    return timer.target_minutes * timer.warn_percent / 100


def add_event(timer: SlaTimer, kind: str, at: datetime, *, now: datetime, reason="", **data):
    event = SlaEvent(timer_id=timer.id, kind=kind, at=at, recorded_at=now, reason=reason, data=data)
    db.session.add(event)
    return event


def events_of(timer: SlaTimer) -> list[SlaEvent]:
    stmt = select(SlaEvent).where(SlaEvent.timer_id == timer.id)
    return list(db.session.scalars(stmt.order_by(SlaEvent.at, SlaEvent.id)))


def crossing(timer: SlaTimer, minutes: float) -> datetime | None:
    """The instant elapsed reached (or will reach, if it keeps running) `minutes`."""
    spec = spec_for(timer.calendar)
    if timer.elapsed_minutes < minutes - EPS:
        if clock_of(timer) != RUNNING:
            return None
        return add_business_minutes(spec, timer.elapsed_as_of, minutes - timer.elapsed_minutes)
    used, opened = 0.0, None
    for event in events_of(timer):
        if event.kind in OPENS and opened is None:
            opened = event.at
        elif event.kind in CLOSES and opened is not None:
            part = business_minutes_between(spec, opened, event.at)
            if used + part >= minutes - EPS:
                return add_business_minutes(spec, opened, minutes - used)
            used, opened = used + part, None
    if opened is not None:
        return add_business_minutes(spec, opened, max(minutes - used, 0))
    return None


# Plain SQL so the statement is compiled once (the dialect `insert().on_conflict_do_nothing`
# constructs are not cacheable); both SQLite and PostgreSQL accept it.
_ONCE_INSERT = text(
    "INSERT INTO sla_event (timer_id, kind, at, recorded_at, reason, data, once_key) "
    "VALUES (:timer_id, :kind, :at, :recorded_at, '', :data, :once_key) "
    "ON CONFLICT (once_key) DO NOTHING RETURNING id"
).bindparams(
    bindparam("at", type_=UTCDateTime()),
    bindparam("recorded_at", type_=UTCDateTime()),
    bindparam("data", type_=JSON()),
)


def record_once(timer: SlaTimer, kind: str, at: datetime, *, now: datetime) -> bool:
    """Insert the warn/breach event unless it exists; True when this call recorded it."""
    values = {
        "timer_id": timer.id,
        "kind": kind,
        "at": at,
        "recorded_at": now,
        "data": {"target": timer.target_minutes},
        "once_key": f"{timer.id}:{kind}",
    }
    inserted = db.session.execute(_ONCE_INSERT, values).first() is not None
    if kind == "warn":
        timer.warned_at = at
    else:
        timer.breached_at = at
        timer.state = TimerState.BREACHED
    return inserted


def settle(timer: SlaTimer, at: datetime, *, now: datetime, escalate: Escalator | None) -> None:
    """Record the warning and breach whose instants are <= `at` and not yet recorded."""
    for kind, minutes, done in (
        ("warn", warn_minutes(timer), timer.warned_at),
        ("breach", timer.target_minutes, timer.breached_at),
    ):
        if done is not None:
            continue
        instant = crossing(timer, minutes)
        if instant is None or instant > at:
            continue
        if record_once(timer, kind, instant, now=now) and escalate and timer.escalate:
            escalate(timer, kind, now=now)
    refresh(timer)


def refresh(timer: SlaTimer) -> None:
    """Recompute due_at, warn_at and next_event_at from the elapsed snapshot."""
    if clock_of(timer) != RUNNING:
        timer.due_at = timer.warn_at = timer.next_event_at = None
        return
    timer.due_at = timer.breached_at or crossing(timer, timer.target_minutes)
    timer.warn_at = timer.warned_at or crossing(timer, warn_minutes(timer))
    pending = [
        instant
        for instant, done in ((timer.warn_at, timer.warned_at), (timer.due_at, timer.breached_at))
        if instant is not None and done is None
    ]
    timer.next_event_at = min(pending) if pending else None


def _bank(timer: SlaTimer, at: datetime) -> None:
    """Move the elapsed snapshot forward to `at` (the clock keeps its state)."""
    if at > timer.elapsed_as_of:
        timer.elapsed_minutes = elapsed_at(timer, at)
        timer.elapsed_as_of = at


def _running_state(timer: SlaTimer) -> str:
    return TimerState.BREACHED if timer.breached_at else TimerState.RUNNING


def pause(timer, at, *, reason: str, now, escalate=None) -> None:
    if clock_of(timer) != RUNNING:
        return
    settle(timer, at, now=now, escalate=escalate)
    _bank(timer, at)
    timer.state = TimerState.BREACHED if timer.breached_at else TimerState.PAUSED
    timer.due_at = None  # marks a breached timer as paused
    add_event(timer, "pause", at, now=now, reason=reason)
    refresh(timer)


def resume(timer, at, *, now) -> None:
    if clock_of(timer) != PAUSED:
        return
    timer.elapsed_as_of = max(at, timer.elapsed_as_of)
    timer.state = _running_state(timer)
    timer.due_at = timer.breached_at  # running again
    add_event(timer, "resume", at, now=now)
    refresh(timer)


def stop(timer, at, *, reason: str = "", now, settle_first: bool = True) -> None:
    """Met (or met late, when the breach came first): the clock stops for good.
    `settle_first=False` stops it without recording a breach that came due meanwhile (a
    security incident's clock decided "not reportable": there was nothing to report)."""
    if clock_of(timer) == STOPPED:
        return
    if settle_first:
        settle(timer, at, now=now, escalate=None)
    _bank(timer, at)
    timer.met_at = at
    timer.state = TimerState.BREACHED if timer.breached_at else TimerState.MET
    add_event(timer, "stop", at, now=now, reason=reason)
    refresh(timer)


def reverse(timer: SlaTimer, kinds: list[str], *, now: datetime, **data) -> None:
    """Take back the warning or breach (`kinds`) recorded for an instant after the clock had
    already stopped: a legal clock's report submitted in time but entered after the watcher
    ran (docs/security-incidents.md). The recorded events stay; a `reverse` event, at the
    time it is entered, clears them (the replay in `rebuild.py` does the same)."""
    if not kinds or clock_of(timer) != STOPPED:
        return
    add_event(timer, "reverse", now, now=now, kinds=list(kinds), **data)
    if "warn" in kinds:
        timer.warned_at = None
    if "breach" in kinds:
        timer.breached_at = None
        timer.state = TimerState.MET
    refresh(timer)


def reopen(timer, at, *, now) -> None:
    """The clock continues from the elapsed it had; the resolved time does not count."""
    if clock_of(timer) != STOPPED:
        return
    timer.met_at = None
    timer.elapsed_as_of = max(at, timer.elapsed_as_of)
    timer.state = _running_state(timer)
    timer.due_at = timer.breached_at
    add_event(timer, "reopen", at, now=now)
    refresh(timer)


def retarget(timer, at, *, target: int, calendar, policy, now, escalate=None) -> None:
    """New target from the original start with the elapsed kept; old warnings stay sent."""
    if clock_of(timer) == STOPPED:
        return
    warn = policy.warn_percent if policy is not None else timer.warn_percent
    if (target, calendar.id, warn) == (timer.target_minutes, timer.calendar_id, timer.warn_percent):
        return
    _bank(timer, at)
    old_target, old_calendar = timer.target_minutes, timer.calendar_id
    timer.target_minutes = target
    timer.calendar = calendar
    timer.calendar_id = calendar.id
    if policy is not None:
        timer.policy_id = policy.id
        timer.warn_percent = policy.warn_percent
    add_event(
        timer,
        "retarget",
        at,
        now=now,
        old_target=old_target,
        new_target=target,
        old_calendar=old_calendar,
        new_calendar=calendar.id,
    )
    db.session.flush()
    settle(timer, at, now=now, escalate=escalate)
