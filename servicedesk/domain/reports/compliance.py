"""SLA compliance, breaches, warnings and business times, aggregated in SQL.

A timer belongs to the period in which it was decided: a breached timer at `breached_at`
(the instant time ran out, whether it has stopped since or still runs), a met timer at
`met_at` (its stop). Running timers that have not breached are not decided and not counted.
See docs/reports.md for every definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Subquery, and_, case, func, or_, select, union_all

from servicedesk.domain.reports.dimensions import Dimension, label_keys
from servicedesk.domain.reports.period import Period, in_period
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import Service, SlaTimer, Ticket, TimerKind

FR = TimerKind.FIRST_RESPONSE.value
RES = TimerKind.RESOLUTION.value
OLA = TimerKind.OLA.value


def decided_in(period: Period) -> ColumnElement[bool]:
    """The timer was decided (breached, or stopped in time) within the period."""
    return or_(
        in_period(SlaTimer.breached_at, period),
        and_(SlaTimer.breached_at.is_(None), in_period(SlaTimer.met_at, period)),
    )


def decided_timers(period: Period, kinds: tuple[str, ...]) -> Subquery:
    """The timers decided in the period, as two disjoint index ranges joined by UNION ALL
    (breached in the period; not breached and stopped in the period). Same rows as
    `decided_in`, but each half is one range scan of ix_sla_timer_decided, which covers it."""
    columns = (
        SlaTimer.kind,
        SlaTimer.ticket_id,
        SlaTimer.breached_at,
        SlaTimer.met_at,
        SlaTimer.warned_at,
    )
    breached_part = select(*columns).where(
        SlaTimer.kind.in_(kinds), in_period(SlaTimer.breached_at, period)
    )
    met_part = select(*columns).where(
        SlaTimer.kind.in_(kinds),
        SlaTimer.breached_at.is_(None),
        in_period(SlaTimer.met_at, period),
    )
    return union_all(breached_part, met_part).subquery("decided")


def met() -> ColumnElement[bool]:
    return and_(SlaTimer.met_at.is_not(None), SlaTimer.breached_at.is_(None))


def breached() -> ColumnElement[bool]:
    return SlaTimer.breached_at.is_not(None)


def count_if(condition) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@dataclass
class ComplianceRow:
    key: object
    label: str
    fr_total: int
    fr_met: int
    res_total: int
    res_met: int
    breaches: int
    warnings: int

    @property
    def fr_share(self) -> float | None:
        return self.fr_met / self.fr_total if self.fr_total else None

    @property
    def res_share(self) -> float | None:
        return self.res_met / self.res_total if self.res_total else None


def _grouped(stmt, dim: Dimension):
    if dim.needs_service:
        stmt = stmt.outerjoin(Service, Service.id == Ticket.service_id)
    return stmt


COUNTS = ("fr_total", "fr_met", "res_total", "res_met", "breaches", "warnings")


def _per_ticket(period: Period) -> Subquery:
    """Decided timers counted per ticket first: the rows come out sorted by ticket id, so the
    join to the ticket's groupings probes it in order (twice as fast on SQLite, and half the
    probes, as a ticket has one timer of each kind)."""
    decided = decided_timers(period, (FR, RES))
    is_fr = decided.c.kind == FR
    is_res = decided.c.kind == RES
    in_time = decided.c.breached_at.is_(None)  # a decided timer is met or breached
    counts = (
        count_if(is_fr),
        count_if(and_(is_fr, in_time)),
        count_if(is_res),
        count_if(and_(is_res, in_time)),
        count_if(decided.c.breached_at.is_not(None)),
        count_if(decided.c.warned_at.is_not(None)),
    )
    return (
        select(decided.c.ticket_id, *(c.label(n) for c, n in zip(counts, COUNTS, strict=True)))
        .group_by(decided.c.ticket_id)
        .subquery("per_ticket")
    )


def compliance(
    scope: ReportScope, period: Period, dim: Dimension, *, locale: str = "sv"
) -> list[ComplianceRow]:
    """Per group: first-response and resolution timers decided in the period, met, breached."""
    per_ticket = _per_ticket(period)
    key = dim.column().label("key")
    stmt = (
        select(key, *(func.sum(per_ticket.c[name]) for name in COUNTS))
        .select_from(per_ticket)
        .join(Ticket, Ticket.id == per_ticket.c.ticket_id)
    )
    stmt = _grouped(stmt, dim).where(scope.tickets())
    rows = db.session.execute(stmt.group_by(key)).all()
    names = label_keys(dim, [r[0] for r in rows], locale)
    result = [ComplianceRow(r[0], names[r[0]], *(int(v) for v in r[1:])) for r in rows]
    return sorted(result, key=lambda r: r.label.lower())


def totals(rows: list[ComplianceRow], label: str) -> ComplianceRow:
    fields = list(ComplianceRow.__dataclass_fields__)[2:]
    sums = [sum(getattr(r, f) for r in rows) for f in fields]
    return ComplianceRow(None, label, *sums)
