"""The SLA timers of a historical ticket, computed once from its whole life.

A ticket imported from a previous system is already over (or still open) when it
arrives: instead of starting its timers and replaying each status change through the
clock (a read-back and a replay per event), its timers are computed once from
`created_at` and `resolved_at`, with the same calendar arithmetic and the same rules as
`clock.start`/`clock.stop` (docs/sla.md), and written in batches by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from servicedesk.domain.sla.calendar import add_business_minutes, business_minutes_between
from servicedesk.domain.sla.resolve import spec_for, target_for
from servicedesk.models.sla import TimerKind, TimerState

KINDS = (TimerKind.FIRST_RESPONSE, TimerKind.RESOLUTION, TimerKind.OLA)


@dataclass
class TimerPlan:
    """One `SlaTimer` row and its `SlaEvent` rows (without ids: the caller inserts them)."""

    row: dict
    events: list[dict] = field(default_factory=list)


def plan_timers(
    *, priority: int, queue_id: int, policy, calendar, created: datetime, resolved: datetime | None
) -> list[TimerPlan]:
    """The three timers of a ticket opened at `created` and resolved at `resolved` (None:
    still open). A resolution stops all of them, as `on_status_changed` does."""
    if policy is None or calendar is None:
        return []
    spec = spec_for(calendar)
    plans = []
    for kind in KINDS:
        target = target_for(policy, priority, kind)
        if not target:
            continue
        warn = target * policy.warn_percent / 100
        row = {
            "kind": kind.value,
            "queue_id": queue_id if kind == TimerKind.OLA else None,
            "calendar_id": calendar.id,
            "policy_id": policy.id,
            "target_minutes": target,
            "warn_percent": policy.warn_percent,
            "started_at": created,
            "escalate": False,
            "warned_at": None,
            "breached_at": None,
            "met_at": None,
        }
        start = _event("start", created, created, data={"target": target, "calendar": calendar.id})
        plan = TimerPlan(row, [start])
        warn_at = add_business_minutes(spec, created, warn)
        due_at = add_business_minutes(spec, created, target)
        if resolved is None:
            row |= {
                "state": TimerState.RUNNING.value,
                "elapsed_minutes": 0.0,
                "elapsed_as_of": created,
                "due_at": due_at,
                "warn_at": warn_at,
                "next_event_at": min(warn_at, due_at),
            }
        else:
            for name, instant in (("warn", warn_at), ("breach", due_at)):
                if instant <= resolved:
                    row["warned_at" if name == "warn" else "breached_at"] = instant
                    plan.events.append(
                        _event(name, instant, resolved, data={"target": target}, once=True)
                    )
            breached = row["breached_at"] is not None
            row |= {
                "state": (TimerState.BREACHED if breached else TimerState.MET).value,
                "elapsed_minutes": business_minutes_between(spec, created, resolved),
                "elapsed_as_of": resolved,
                "due_at": None,
                "warn_at": None,
                "next_event_at": None,
                "met_at": resolved,
            }
            plan.events.append(_event("stop", resolved, resolved, reason="resolved"))
        plans.append(plan)
    return plans


def _event(kind, at, recorded_at, *, reason="", data=None, once=False) -> dict:
    return {
        "kind": kind,
        "at": at,
        "recorded_at": recorded_at,
        "reason": reason,
        "data": data or {},
        "once": once,
    }


def ticket_due(plans: list[TimerPlan]) -> datetime | None:
    """`Ticket.due_at`: the earliest deadline of the running requester-facing timers."""
    dues = [
        p.row["due_at"]
        for p in plans
        if p.row["kind"] != TimerKind.OLA.value and p.row["due_at"] is not None
    ]
    return min(dues) if dues else None
