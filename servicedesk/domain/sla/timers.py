"""Timers follow the ticket: the domain events start, pause, resume, stop and retarget them.

Receivers run inside the ticket action's unit of work: they flush, never commit, so the
ticket change and its SLA consequences are saved or rolled back together. Each receiver
also keeps `Ticket.due_at` (the earliest running requester-facing deadline) current.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select

from servicedesk.domain.sla import clock
from servicedesk.domain.sla.calendar import add_business_minutes
from servicedesk.domain.sla.escalation import escalate
from servicedesk.domain.sla.resolve import (
    calendar_facts_for,
    calendar_for,
    policy_facts_for,
    policy_for,
    target_for,
)
from servicedesk.domain.tickets import events
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, Queue, SlaEvent, SlaPolicy, SlaTimer, Ticket
from servicedesk.models.sla import SERVICE_LEVEL_KINDS, TimerKind, TimerState
from servicedesk.models.ticket import PendingReason, Status, TicketType

REQUESTER_FACING = (TimerKind.FIRST_RESPONSE.value, TimerKind.RESOLUTION.value)
ALL_KINDS = (*REQUESTER_FACING, TimerKind.OLA.value)
# A security incident's deadlines are its legal clocks (domain/security/clocks.py) and it
# never leaves the security queue; of the service level it keeps the first response only:
# the reporter hears from the security group within the policy's first-response target
# (docs/security-incidents.md, "Service level").
KINDS_BY_TYPE = {TicketType.SECURITY.value: (TimerKind.FIRST_RESPONSE.value,)}


def kinds_for(ticket: Ticket) -> tuple[str, ...]:
    """The service-level timers a ticket of its type runs."""
    return KINDS_BY_TYPE.get(ticket.type, ALL_KINDS)


def timers_of(ticket: Ticket) -> list[SlaTimer]:
    """The ticket's service-level timers: a security incident's legal clocks
    (domain/security/clocks.py) do not follow its status, queue or priority."""
    stmt = (
        select(SlaTimer)
        .where(SlaTimer.ticket_id == ticket.id, SlaTimer.kind.in_(SERVICE_LEVEL_KINDS))
        .order_by(SlaTimer.id)
    )
    return list(db.session.scalars(stmt))


def start_timer(
    ticket: Ticket,
    kind: str,
    *,
    at: datetime,
    now: datetime,
    queue: Queue | None = None,
    escalate_mail: bool = True,
    resolved: tuple[SlaPolicy | None, Calendar | None] | None = None,
) -> SlaTimer | None:
    """Start one timer from the ticket's policy and calendar; None when no target applies.

    `resolved` is the (policy, calendar) pair when the caller looked them up already."""
    if kind not in kinds_for(ticket):
        return None
    policy, calendar = resolved or (policy_for(ticket), calendar_for(ticket, queue))
    if policy is None or calendar is None:
        return None
    target = target_for(policy, ticket.priority, kind)
    if not target:
        return None
    timer = begin_timer(
        ticket,
        kind,
        target=target,
        calendar=calendar,
        warn_percent=policy.warn_percent,
        policy_id=policy.id,
        queue_id=queue.id if queue is not None else None,
        at=at,
        now=now,
        escalate_mail=escalate_mail,
    )
    if _pausing_reason(ticket, policy) is not None:
        clock.pause(timer, at, reason=ticket.pending_reason, now=now)
    return timer


def begin_timer(
    ticket: Ticket,
    kind: str,
    *,
    target: int,
    calendar: Calendar,
    warn_percent: int,
    at: datetime,
    now: datetime,
    policy_id: int | None = None,
    queue_id: int | None = None,
    escalate_mail: bool = True,
) -> SlaTimer:
    """A timer running from `at` with its start event and deadlines (flushed): an SLA
    timer of the ticket's policy, or one with a fixed target (a legal clock)."""
    timer = SlaTimer(
        ticket_id=ticket.id,
        kind=str(kind),
        queue_id=queue_id,
        calendar=calendar,
        calendar_id=calendar.id,
        policy_id=policy_id,
        target_minutes=target,
        warn_percent=warn_percent,
        state=TimerState.RUNNING,
        started_at=at,
        elapsed_minutes=0.0,
        elapsed_as_of=at,
        escalate=escalate_mail,
    )
    db.session.add(timer)
    db.session.flush()
    clock.add_event(timer, "start", at, now=now, target=target, calendar=calendar.id)
    clock.refresh(timer)
    return timer


def _pausing_reason(ticket: Ticket, policy) -> str | None:
    """The pending reason, when the policy pauses the clock for it."""
    if ticket.status != Status.PENDING or policy is None:
        return None
    flags = {
        PendingReason.REQUESTER: policy.pause_on_requester,
        PendingReason.SUPPLIER: policy.pause_on_supplier,
        PendingReason.OTHER: policy.pause_on_other,
    }
    return ticket.pending_reason if flags.get(ticket.pending_reason) else None


def refresh_ticket_due(ticket: Ticket, timers: list[SlaTimer] | None = None) -> None:
    """Ticket.due_at = earliest due_at of running requester-facing timers (or null)."""
    timers = timers_of(ticket) if timers is None else timers
    dues = [
        t.due_at
        for t in timers
        if t.kind in REQUESTER_FACING and t.due_at is not None and t.met_at is None
    ]
    due = min(dues) if dues else None
    if ticket.due_at != due:
        ticket.due_at = due


def on_ticket_filing(ticket: Ticket, *, now: datetime, imported: bool = False, **_) -> dict:
    """Before the new ticket's INSERT: its three timers' rows with their deadlines, and the
    ticket's due date from them, so the ticket goes in with it (no UPDATE afterwards). The
    three share one policy and one calendar (the OLA's queue is the ticket's queue), from
    the per-process settings cache. Returns what `on_ticket_created` writes."""
    policy, calendar = policy_facts_for(ticket), calendar_facts_for(ticket, ticket.queue)
    rows = []
    if policy is not None and calendar is not None:
        for kind in kinds_for(ticket):
            target = target_for(policy, ticket.priority, kind)
            if target:
                rows.append(_new_timer(ticket, kind, target, policy, calendar, now, imported))
    dues = [r["due_at"] for r in rows if r["kind"] in REQUESTER_FACING]
    ticket.due_at = min(dues) if dues else None
    return {"policy": policy, "rows": rows}


def on_ticket_created(
    ticket: Ticket,
    *,
    now: datetime,
    imported: bool = False,
    prepared: dict | None = None,
    **_,
) -> None:
    """Start the three timers of a new ticket, as `on_ticket_filing` prepared them: the
    timers go in one INSERT and their start events in another, and nothing is read back."""
    plan = (prepared or {}).get(on_ticket_filing)
    if plan is None:  # sent without the filing signal: prepare now
        plan = on_ticket_filing(ticket, now=now, imported=imported)
    timers = []
    if plan["rows"]:
        rows = [{**row, "ticket_id": ticket.id} for row in plan["rows"]]
        # Unordered RETURNING keeps it one statement on SQLite; each row names its kind.
        timers = list(
            db.session.scalars(
                insert(SlaTimer).returning(SlaTimer),
                rows,
                execution_options={"render_nulls": True},
            )
        )
        db.session.execute(
            insert(SlaEvent),
            [
                {
                    "timer_id": t.id,
                    "kind": "start",
                    "at": now,
                    "recorded_at": now,
                    "reason": "",
                    "data": {"target": t.target_minutes, "calendar": t.calendar_id},
                }
                for t in timers
            ],
        )
        reason = _pausing_reason(ticket, plan["policy"])
        if reason is not None:
            for timer in timers:
                clock.pause(timer, now, reason=reason, now=now)
    refresh_ticket_due(ticket, timers)


def _new_timer(ticket, kind, target, policy, calendar, at, imported) -> dict:
    """The row of a timer running from `at`, with the deadlines `clock.refresh` gives it
    (without its ticket_id: the ticket is not inserted yet)."""
    due = add_business_minutes(calendar.spec, at, target)
    warn = add_business_minutes(calendar.spec, at, target * policy.warn_percent / 100)
    return {
        "kind": str(kind),
        "queue_id": ticket.queue.id if kind == TimerKind.OLA else None,
        "calendar_id": calendar.id,
        "policy_id": policy.id,
        "target_minutes": target,
        "warn_percent": policy.warn_percent,
        "state": TimerState.RUNNING.value,
        "started_at": at,
        "elapsed_minutes": 0.0,
        "elapsed_as_of": at,
        "due_at": due,
        "warn_at": warn,
        "next_event_at": min(due, warn),
        "warned_at": None,
        "breached_at": None,
        "met_at": None,
        "escalate": not imported,
    }


def on_comment_added(ticket: Ticket, *, comment, actor, now: datetime, **_) -> None:
    """The first public reply from support staff meets the first-response timer."""
    if comment.internal or comment.author_id == ticket.requester_id:
        return
    if actor is None or not actor.is_staff:
        return
    timers = timers_of(ticket)
    for timer in timers:
        if timer.kind == TimerKind.FIRST_RESPONSE:
            clock.stop(timer, now, reason="reply", now=now)
    refresh_ticket_due(ticket, timers)


def on_status_changed(ticket: Ticket, *, old: str, new: str, now: datetime, **_) -> None:
    timers = timers_of(ticket)
    if new == Status.RESOLVED:
        for timer in timers:
            if timer.kind != TimerKind.OLA or timer.queue_id == ticket.queue_id:
                clock.stop(timer, now, reason="resolved", now=now)
    elif old == Status.RESOLVED and new == Status.OPEN:
        _reopen(ticket, timers, now)
    elif new == Status.PENDING:
        reason = _pausing_reason(ticket, policy_for(ticket))
        if reason is not None:
            for timer in timers:
                clock.pause(timer, now, reason=reason, now=now, escalate=escalate)
    elif old == Status.PENDING:
        for timer in timers:
            clock.resume(timer, now, now=now)
    refresh_ticket_due(ticket, timers)


def _reopen(ticket: Ticket, timers: list[SlaTimer], now: datetime) -> None:
    """Resolution continues with its elapsed; so does the current queue's last OLA stint."""
    latest_ola = None
    for timer in timers:
        if timer.kind == TimerKind.RESOLUTION:
            clock.reopen(timer, now, now=now)
        elif timer.kind == TimerKind.OLA and timer.queue_id == ticket.queue_id:
            latest_ola = timer
    if latest_ola is not None:
        clock.reopen(latest_ola, now, now=now)


def on_ticket_transferred(ticket: Ticket, *, old_queue, new_queue, now: datetime, **_) -> None:
    """The old queue's OLA stint ends (met or breached, charged to it); the new one starts."""
    timers = timers_of(ticket)
    running = [t for t in timers if t.met_at is None]
    for timer in running:
        if timer.kind == TimerKind.OLA and timer.queue_id == old_queue.id:
            clock.stop(timer, now, reason="transferred", now=now)
    imported = bool(timers) and not any(t.escalate for t in timers)
    start_timer(ticket, TimerKind.OLA, at=now, now=now, queue=new_queue, escalate_mail=not imported)
    refresh_ticket_due(ticket, timers)


def on_ticket_updated(ticket: Ticket, *, changes: dict, now: datetime, **_) -> None:
    """Priority or service changed: new targets from the original start, elapsed kept."""
    if "priority" not in changes and "service" not in changes:
        return
    policy = policy_for(ticket)
    if policy is None:
        return
    timers = timers_of(ticket)
    for timer in timers:
        queue = db.session.get(Queue, timer.queue_id) if timer.queue_id else None
        calendar = calendar_for(ticket, queue)
        target = target_for(policy, ticket.priority, timer.kind)
        if target and calendar is not None:
            clock.retarget(
                timer,
                now,
                target=target,
                calendar=calendar,
                policy=policy,
                now=now,
                escalate=escalate,
            )
    refresh_ticket_due(ticket, timers)


def retarget_policy(policy, *, now: datetime) -> int:
    """After a policy edit: its running and paused timers take the new targets (elapsed
    kept, recorded warnings and breaches never sent again). Returns how many changed."""
    stmt = select(SlaTimer).where(SlaTimer.policy_id == policy.id, SlaTimer.met_at.is_(None))
    changed = 0
    for timer in list(db.session.scalars(stmt.order_by(SlaTimer.ticket_id, SlaTimer.id))):
        ticket = db.session.get(Ticket, timer.ticket_id)
        target = target_for(policy, ticket.priority, timer.kind)
        if not target:
            continue
        before = len(clock.events_of(timer))
        clock.retarget(
            timer,
            now,
            target=target,
            calendar=timer.calendar,
            policy=policy,
            now=now,
            escalate=escalate,
        )
        changed += len(clock.events_of(timer)) > before
        refresh_ticket_due(ticket)
    return changed


def connect() -> None:
    """Subscribe the receivers (idempotent: blinker keeps one connection per receiver)."""
    events.ticket_filing.connect(on_ticket_filing)
    events.ticket_created.connect(on_ticket_created)
    events.comment_added.connect(on_comment_added)
    events.status_changed.connect(on_status_changed)
    events.ticket_transferred.connect(on_ticket_transferred)
    events.ticket_updated.connect(on_ticket_updated)
