"""SLA compliance, breaches, warnings and business times, aggregated in SQL.

A timer belongs to the period in which it was decided: a breached timer at `breached_at`
(the instant time ran out, whether it has stopped since or still runs), a met timer at
`met_at` (its stop). Running timers that have not breached are not decided and not counted.
See docs/reports.md for every definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from servicedesk.domain.reports.dimensions import Dimension, label_keys
from servicedesk.domain.reports.period import Period, in_period
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.extensions import db
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


def compliance(
    scope: ReportScope, period: Period, dim: Dimension, *, locale: str = "sv"
) -> list[ComplianceRow]:
    """Per group: first-response and resolution timers decided in the period, met, breached."""
    key = dim.column().label("key")
    is_fr = SlaTimer.kind == FR
    is_res = SlaTimer.kind == RES
    stmt = select(
        key,
        count_if(is_fr),
        count_if(and_(is_fr, met())),
        count_if(is_res),
        count_if(and_(is_res, met())),
        count_if(breached()),
        count_if(SlaTimer.warned_at.is_not(None)),
    ).join(Ticket, Ticket.id == SlaTimer.ticket_id)
    stmt = _grouped(stmt, dim).where(
        SlaTimer.kind.in_((FR, RES)), decided_in(period), scope.tickets()
    )
    rows = db.session.execute(stmt.group_by(key)).all()
    names = label_keys(dim, [r[0] for r in rows], locale)
    result = [ComplianceRow(r[0], names[r[0]], *(int(v) for v in r[1:])) for r in rows]
    return sorted(result, key=lambda r: r.label.lower())


def totals(rows: list[ComplianceRow], label: str) -> ComplianceRow:
    fields = list(ComplianceRow.__dataclass_fields__)[2:]
    sums = [sum(getattr(r, f) for r in rows) for f in fields]
    return ComplianceRow(None, label, *sums)
