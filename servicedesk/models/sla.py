"""Business-hours calendars, SLA policies and the timers that run on tickets.

A timer's state is a function of its events and its calendar (recomputable at any time);
the columns on `SlaTimer` are a snapshot of that function, kept so that lists sort and the
watcher selects from an index. See docs/sla.md for the meaning of every clock.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from itertools import chain
from uuid import uuid4

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Time,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow


class Calendar(db.Model):
    """Opening hours in local wall-clock time, with holidays closed.

    Swedish public and de-facto holidays come from the `holidays` package when
    `swedish_holidays` is set; extra closed dates and shortened days are rows an admin edits.
    """

    __tablename__ = "calendar"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Stockholm")
    always_open: Mapped[bool] = mapped_column(Boolean, default=False)  # 24x7
    swedish_holidays: Mapped[bool] = mapped_column(Boolean, default=True)
    # Shortened days follow the rule (bank_half_days, 14:00) in every year not set by hand.
    short_day_rule: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # A new random token whenever the calendar or one of its rows changes (see
    # `_new_calendar_revision`): processes cache the arithmetic per (id, revision), so the
    # next request after an edit, in any worker, computes with the new hours.
    revision: Mapped[str] = mapped_column(
        String(32), default=lambda: uuid4().hex, server_default="initial"
    )

    # Loaded on access: the computations read the cached spec, not these rows.
    hours: Mapped[list[CalendarHours]] = relationship(
        cascade="all, delete-orphan", order_by="CalendarHours.weekday"
    )
    closed_dates: Mapped[list[CalendarClosedDate]] = relationship(cascade="all, delete-orphan")
    short_days: Mapped[list[CalendarShortDay]] = relationship(cascade="all, delete-orphan")
    short_years: Mapped[list[CalendarShortYear]] = relationship(cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Calendar {self.id} {self.name!r}>"


class CalendarHours(db.Model):
    """One open interval on a weekday (0 = Monday); a day may have several."""

    __tablename__ = "calendar_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("opens < closes", name="interval"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(
        ForeignKey("calendar.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)


class CalendarClosedDate(db.Model):
    """An extra closed day (beyond the holidays the package knows)."""

    __tablename__ = "calendar_closed_date"
    __table_args__ = (UniqueConstraint("calendar_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendar.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")


class CalendarShortDay(db.Model):
    """A shortened day: the calendar closes early (e.g. 14:00 before a red day)."""

    __tablename__ = "calendar_short_day"
    __table_args__ = (UniqueConstraint("calendar_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendar.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    closes: Mapped[time] = mapped_column(Time)
    reason: Mapped[str] = mapped_column(String(200), default="")


class CalendarShortYear(db.Model):
    """A year whose short days an admin set by hand (possibly none): the rule does not apply.

    A year with a `CalendarShortDay` row counts as set by hand too; this row is what keeps
    a year the admin emptied from falling back to the rule."""

    __tablename__ = "calendar_short_year"
    __table_args__ = (
        UniqueConstraint("calendar_id", "year"),
        CheckConstraint("year BETWEEN 1990 AND 2100", name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendar.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)


CALENDAR_ROWS = (CalendarHours, CalendarClosedDate, CalendarShortDay, CalendarShortYear)


@event.listens_for(Session, "before_flush")
def _new_calendar_revision(session: Session, flush_context, instances) -> None:
    """Give every calendar whose settings or rows change in this flush a new revision."""
    changed: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Calendar) and obj not in session.deleted:
            if obj in session.new or session.is_modified(obj):
                obj.revision = uuid4().hex
        elif isinstance(obj, CALENDAR_ROWS) and obj.calendar_id is not None:
            changed.add(obj.calendar_id)
    with session.no_autoflush:
        for calendar_id in changed:
            calendar = session.get(Calendar, calendar_id)
            if calendar is not None:
                calendar.revision = uuid4().hex


class SlaPolicy(db.Model):
    """Targets per priority, a warning threshold, and which pending reasons pause."""

    __tablename__ = "sla_policy"
    __table_args__ = (CheckConstraint("warn_percent BETWEEN 1 AND 99", name="warn_percent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    warn_percent: Mapped[int] = mapped_column(Integer, default=80)
    pause_on_requester: Mapped[bool] = mapped_column(Boolean, default=True)
    pause_on_supplier: Mapped[bool] = mapped_column(Boolean, default=False)
    pause_on_other: Mapped[bool] = mapped_column(Boolean, default=False)

    targets: Mapped[list[SlaTarget]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="SlaTarget.priority"
    )

    def __repr__(self) -> str:
        return f"<SlaPolicy {self.id} {self.name!r}>"


class SlaTarget(db.Model):
    """Business minutes for one priority: first response, resolution, and each queue's OLA."""

    __tablename__ = "sla_target"
    __table_args__ = (
        UniqueConstraint("policy_id", "priority"),
        CheckConstraint("priority BETWEEN 1 AND 4", name="priority"),
        CheckConstraint("first_response_minutes > 0", name="first_response"),
        CheckConstraint("resolution_minutes > 0", name="resolution"),
        CheckConstraint("ola_minutes IS NULL OR ola_minutes > 0", name="ola"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("sla_policy.id", ondelete="CASCADE"))
    priority: Mapped[int] = mapped_column(Integer)
    first_response_minutes: Mapped[int] = mapped_column(Integer)
    resolution_minutes: Mapped[int] = mapped_column(Integer)
    ola_minutes: Mapped[int | None] = mapped_column(Integer)


class TimerKind(enum.StrEnum):
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"
    OLA = "ola"
    # The legal clocks of a security incident (domain/security/clocks.py), 24x7 from aware_at.
    NIS_EARLY_WARNING = "nis_early_warning"
    NIS_NOTIFICATION = "nis_notification"
    NIS_FINAL_REPORT = "nis_final_report"
    GDPR_BREACH = "gdpr_breach"


# Timers that follow the ticket's own service level (reports, the ticket's receivers).
SERVICE_LEVEL_KINDS = ("first_response", "resolution", "ola")
LEGAL_KINDS = ("nis_early_warning", "nis_notification", "nis_final_report", "gdpr_breach")


class TimerState(enum.StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"  # ran out while running; stays breached when stopped later


class SlaTimer(db.Model):
    """One clock on one ticket. An OLA timer belongs to one queue stint (`queue_id`)."""

    __tablename__ = "sla_timer"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('first_response','resolution','ola',"
            "'nis_early_warning','nis_notification','nis_final_report','gdpr_breach')",
            name="kind",
        ),
        CheckConstraint("state IN ('running','paused','met','breached')", name="state"),
        CheckConstraint("target_minutes > 0", name="target"),
        # The watcher: running timers whose next warning or breach is due.
        Index("ix_sla_timer_next_event", "next_event_at"),
        Index("ix_sla_timer_ticket", "ticket_id", "kind"),
        # Reports: breaches and met timers by period.
        Index("ix_sla_timer_kind_started", "kind", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("queue.id"), index=True)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendar.id"))
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("sla_policy.id"))
    target_minutes: Mapped[int] = mapped_column(Integer)
    warn_percent: Mapped[int] = mapped_column(Integer, default=80)
    state: Mapped[str] = mapped_column(String(20), default=TimerState.RUNNING)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Business minutes used up to `elapsed_as_of` (the last start/resume/pause/stop).
    elapsed_minutes: Mapped[float] = mapped_column(default=0.0)
    elapsed_as_of: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # min(warn_at if not yet warned, due_at if not yet breached) while running; else null.
    next_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # stopped (met or late)
    # Historical timers (imported tickets) record breaches without escalation mail.
    escalate: Mapped[bool] = mapped_column(Boolean, default=True)

    calendar: Mapped[Calendar] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<SlaTimer {self.id} ticket={self.ticket_id} {self.kind} {self.state}>"


class SlaEvent(db.Model):
    """One event on a timer: start, pause, resume, retarget, warn, breach, stop, reopen, and
    reverse (a warning or breach taken back: a legal clock's report entered late).

    Warnings and breaches carry `once_key` ("<timer id>:warn" / ":breach"); its unique
    constraint is what makes them happen exactly once per timer, whatever runs twice.
    """

    __tablename__ = "sla_event"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('start','pause','resume','retarget','warn','breach','stop','reopen',"
            "'reverse')",
            name="kind",
        ),
        Index("ix_sla_event_timer_at", "timer_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    timer_id: Mapped[int] = mapped_column(ForeignKey("sla_timer.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    once_key: Mapped[str | None] = mapped_column(String(100), unique=True)

    def __repr__(self) -> str:
        return f"<SlaEvent {self.timer_id} {self.kind} {self.at}>"
