"""The legal clocks of a security incident, as SLA timers of their own kinds.

On a 24x7 calendar from `aware_at`: NIS2 early warning 24 h, incident notification 72 h and
final report one month (when the cybersecurity law covers the incident); the personal-data
breach notification to IMY 72 h (GDPR art. 33, when personal data is involved). The SLA
watcher (`flask sla tick`) warns and breaches them exactly once like every timer; they do
not follow the ticket's status or queue (domain/sla/timers.py `timers_of`). A clock ends by
a decision (`SecurityClockDecision`): the report was submitted (met, or met late after the
deadline), or "not reportable" with a reason (stopped without a breach).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.explanations import explain
from servicedesk.domain.permissions import sees_security_incidents
from servicedesk.domain.reports.period import LOCAL
from servicedesk.domain.sla import clock
from servicedesk.domain.sla.timers import begin_timer
from servicedesk.domain.tickets.lifecycle import record_history
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Calendar,
    ClockOutcome,
    Role,
    SecurityClockDecision,
    SecurityIncident,
    SlaEvent,
    SlaTimer,
    Ticket,
    TimerKind,
    User,
)
from servicedesk.models.sla import LEGAL_KINDS

NIS2_KINDS = (
    TimerKind.NIS_EARLY_WARNING.value,
    TimerKind.NIS_NOTIFICATION.value,
    TimerKind.NIS_FINAL_REPORT.value,
)
GDPR_KINDS = (TimerKind.GDPR_BREACH.value,)
HOURS = {"nis_early_warning": 24, "nis_notification": 72, "gdpr_breach": 72}
WARN_PERCENT = 75  # a 72 h clock warns 18 h before its deadline
CALENDAR_NAME = "Dygnet runt (lagkrav)"
CLOCK_DECIDED = "clock_decided"


def target_minutes(kind: str, aware_at: datetime) -> int:
    """Minutes from `aware_at` to the deadline; one month is a calendar month."""
    if kind == TimerKind.NIS_FINAL_REPORT:
        return int(((aware_at + relativedelta(months=1)) - aware_at).total_seconds() // 60)
    return HOURS[kind] * 60


def applicable_kinds(incident: SecurityIncident) -> tuple[str, ...]:
    return (NIS2_KINDS if incident.nis2_covered else ()) + (
        GDPR_KINDS if incident.personal_data else ()
    )


def always_open_calendar() -> Calendar:
    """A 24x7 calendar (the first there is, else one made for the legal clocks)."""
    calendar = db.session.scalar(
        select(Calendar).where(Calendar.always_open.is_(True)).order_by(Calendar.id)
    )
    if calendar is None:
        calendar = Calendar(name=CALENDAR_NAME, always_open=True, swedish_holidays=False)
        db.session.add(calendar)
        db.session.flush()
    return calendar


def legal_timers(ticket: Ticket) -> list[SlaTimer]:
    stmt = select(SlaTimer).where(SlaTimer.ticket_id == ticket.id, SlaTimer.kind.in_(LEGAL_KINDS))
    return list(db.session.scalars(stmt.order_by(SlaTimer.id)))


def decisions_of(ticket: Ticket) -> dict[int, SecurityClockDecision]:
    """The decisions of the ticket's clocks, by timer id."""
    stmt = select(SecurityClockDecision).where(SecurityClockDecision.ticket_id == ticket.id)
    return {d.timer_id: d for d in db.session.scalars(stmt)}


def _start(ticket: Ticket, kind: str, aware_at: datetime, *, now: datetime) -> SlaTimer:
    return begin_timer(
        ticket,
        kind,
        target=target_minutes(kind, aware_at),
        calendar=always_open_calendar(),
        warn_percent=WARN_PERCENT,
        at=aware_at,
        now=now,
    )


def sync_clocks(ticket: Ticket, incident: SecurityIncident, *, now: datetime) -> None:
    """Start the clocks the facts call for; a clock whose fact was taken back stops (no
    breach: it no longer applies), and runs again if the fact comes back."""
    wanted = set(applicable_kinds(incident))
    have = {timer.kind: timer for timer in legal_timers(ticket)}
    decided = decisions_of(ticket)
    for kind in LEGAL_KINDS:
        timer = have.get(kind)
        if kind in wanted and timer is None:
            _start(ticket, kind, incident.aware_at, now=now)
        elif kind in wanted and timer.id not in decided and clock.clock_of(timer) == "stopped":
            clock.reopen(timer, now, now=now)
        elif kind not in wanted and timer is not None and clock.clock_of(timer) != "stopped":
            clock.stop(timer, now, reason="not_applicable", now=now, settle_first=False)
    db.session.flush()


def move_clocks(ticket: Ticket, aware_at: datetime, *, now: datetime) -> None:
    """`aware_at` changed: every clock not yet decided runs from the new instant (its
    target recomputed: a month is a calendar month). Warnings and breaches recorded
    before stay recorded; one that is now due is recorded by the next watcher tick."""
    decided = decisions_of(ticket)
    for timer in legal_timers(ticket):
        if timer.id in decided or clock.clock_of(timer) == "stopped":
            continue
        old_target, old_start = timer.target_minutes, timer.started_at
        timer.target_minutes = target_minutes(timer.kind, aware_at)
        timer.started_at = aware_at
        timer.elapsed_minutes = 0.0
        timer.elapsed_as_of = aware_at
        start = db.session.scalar(
            select(SlaEvent).where(SlaEvent.timer_id == timer.id, SlaEvent.kind == "start")
        )
        if start is not None:
            start.at = aware_at
        clock.add_event(
            timer,
            "retarget",
            now,
            now=now,
            old_target=old_target,
            new_target=timer.target_minutes,
            old_start=old_start.isoformat(),
            new_start=aware_at.isoformat(),
        )
        clock.refresh(timer)
    db.session.flush()


def local_text(instant: datetime) -> str:
    """An instant as the handler reads it (Stockholm time), for history and the audit log."""
    return instant.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")


def require_security_handler(actor: User) -> None:
    """Clock decisions and the handler's facts: the security group only (the security
    role, the security queue's members) and admins."""
    if not (sees_security_incidents(actor) and (actor.is_staff or actor.has_role(Role.SECURITY))):
        raise PermissionDenied(_l("Only the security group may do that."))


def _timer(ticket: Ticket, kind: str) -> SlaTimer:
    for timer in legal_timers(ticket):
        if timer.kind == kind:
            return timer
    raise ValidationError(_l("This incident has no such clock."), field="kind")


def _check_open(timer: SlaTimer, ticket: Ticket) -> None:
    if timer.id in decisions_of(ticket) or clock.clock_of(timer) == "stopped":
        raise ValidationError(
            _l("This clock is already decided."), field="kind", code=CLOCK_DECIDED
        )


def record_submission(
    ticket: Ticket,
    actor: User,
    kind: str,
    *,
    submitted_at: datetime | None,
    authority_reference: str,
    now: datetime,
) -> SecurityClockDecision:
    """The report reached the authority at `submitted_at` (not in the future, not before
    the organisation became aware) under the authority's reference number: the clock is
    met (late, when the deadline had passed)."""
    require_security_handler(actor)
    reference = (authority_reference or "").strip()
    timer = _timer(ticket, kind)
    _check_open(timer, ticket)
    if submitted_at is None:
        raise ValidationError(_l("This field is required."), field="submitted_at")
    if submitted_at > now:
        raise ValidationError(_l("The time cannot be in the future."), field="submitted_at")
    if submitted_at < timer.started_at - timedelta(minutes=1):  # a form gives whole minutes
        raise ValidationError(
            _l("The report cannot have been submitted before the organisation became aware."),
            field="submitted_at",
        )
    if not reference:
        raise ValidationError(_l("This field is required."), field="authority_reference")
    if len(reference) > 100:
        raise ValidationError(_l("At most %(n)s characters.", n=100), field="authority_reference")
    stopped_at = max(submitted_at, timer.started_at)
    clock.stop(timer, stopped_at, reason="reported", now=now)
    decision = _decision(ticket, actor, timer, ClockOutcome.SUBMITTED, now=now)
    decision.submitted_at, decision.authority_reference = submitted_at, reference
    _record(ticket, actor, decision, f"{kind}: {reference}", now=now)
    _reverse_entered_late(ticket, actor, timer, stopped_at, now=now)
    return decision


def _reverse_entered_late(ticket, actor, timer: SlaTimer, stopped_at, *, now) -> None:
    """A legal clock is met by the time the report was submitted, not the time it was
    entered: a warning or breach the watcher recorded for an instant after `stopped_at`
    (the report was sent in time but entered later) is taken back, with an internal history
    line and an audit-log entry saying so (docs/security-incidents.md)."""
    late = [
        name
        for name, instant in (("warn", timer.warned_at), ("breach", timer.breached_at))
        if instant is not None and instant > stopped_at
    ]
    if not late:
        return
    breach = timer.breached_at
    clock.reverse(timer, late, now=now, cause="entered_late", submitted_at=stopped_at.isoformat())
    if "breach" not in late:
        return
    why = explain(
        "security_clock_entered_late",
        kind=timer.kind,
        submitted=local_text(stopped_at),
        breached=local_text(breach),
    )
    _clock_line(ticket, actor, why, now=now)
    record_audit(
        actor,
        "security_clock_breach_reversed",
        ticket,
        old=f"{timer.kind}: {local_text(breach)}",
        new=f"{timer.kind}: {local_text(stopped_at)}",
        label=ticket.reference,
        now=now,
    )
    db.session.flush()


def record_not_reportable(
    ticket: Ticket, actor: User, kind: str, *, reason: str, now: datetime
) -> SecurityClockDecision:
    """Decided not reportable, with the reason: the clock stops without a breach."""
    require_security_handler(actor)
    reason = (reason or "").strip()
    timer = _timer(ticket, kind)
    _check_open(timer, ticket)
    if not reason:
        raise ValidationError(_l("Give the reason it is not reportable."), field="reason")
    if len(reason) > 2000:
        raise ValidationError(_l("At most %(n)s characters.", n=2000), field="reason")
    clock.stop(timer, now, reason="not_reportable", now=now, settle_first=False)
    decision = _decision(ticket, actor, timer, ClockOutcome.NOT_REPORTABLE, now=now)
    decision.reason = reason
    return _record(ticket, actor, decision, f"{kind}: {reason}", now=now)


def _decision(ticket, actor, timer, outcome: str, *, now) -> SecurityClockDecision:
    return SecurityClockDecision(
        ticket_id=ticket.id,
        timer_id=timer.id,
        kind=timer.kind,
        outcome=str(outcome),
        submitted_at=None,
        authority_reference="",
        reason="",
        decided_by_id=actor.id,
        decided_at=now,
    )


def _clock_line(ticket, actor, why: dict, *, now, note: str = "") -> None:
    """The internal history line of a clock decision (the reporter never sees it)."""
    record_history(
        ticket,
        actor,
        "security_clock",
        None,
        None,
        now=now,
        note=note,
        explanation=why,
        internal=True,
    )


def _record(ticket, actor, decision, summary: str, *, now) -> SecurityClockDecision:
    """The decision, its internal history line (in the reader's language; a reason as
    typed, in the note) and its audit-log entry."""
    db.session.add(decision)
    if decision.outcome == ClockOutcome.SUBMITTED:
        why = explain(
            "security_clock_submitted",
            kind=decision.kind,
            reference=decision.authority_reference,
        )
    else:
        why = explain("security_clock_not_reportable", kind=decision.kind)
    _clock_line(ticket, actor, why, now=now, note=decision.reason)
    record_audit(
        actor,
        f"security_clock_{decision.outcome}",
        ticket,
        new=summary,
        label=ticket.reference,
        now=now,
    )
    db.session.flush()
    return decision


def decide_clock(
    ticket: Ticket,
    actor: User,
    kind: str,
    *,
    outcome: str,
    submitted_at: datetime | None = None,
    authority_reference: str = "",
    reason: str = "",
    now: datetime,
) -> SecurityClockDecision:
    """One decision on a clock, as the desk form and the API send it."""
    if outcome == ClockOutcome.SUBMITTED:
        return record_submission(
            ticket,
            actor,
            kind,
            submitted_at=submitted_at,
            authority_reference=authority_reference,
            now=now,
        )
    if outcome == ClockOutcome.NOT_REPORTABLE:
        return record_not_reportable(ticket, actor, kind, reason=reason, now=now)
    raise ValidationError(_l("Choose a decision."), field="outcome")


@dataclass
class ClockRow:
    """A legal clock as the handler sees it: the timer, its decision, the time left."""

    timer: SlaTimer
    decision: SecurityClockDecision | None
    left_minutes: float

    @property
    def open(self) -> bool:
        return self.decision is None and clock.clock_of(self.timer) != "stopped"


def clock_rows(ticket: Ticket, *, now: datetime) -> list[ClockRow]:
    decided = decisions_of(ticket)
    return [
        ClockRow(t, decided.get(t.id), t.target_minutes - clock.elapsed_at(t, now))
        for t in legal_timers(ticket)
    ]
