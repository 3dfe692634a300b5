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
from servicedesk.domain.reports.figures import in_keys, no_service, period_keys
from servicedesk.domain.reports.period import Period, in_period
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import ReportTimerFigure, Service, SlaTimer, TimerKind

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
        SlaTimer.queue_id,
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


def compliance_by(
    scope: ReportScope, period: Period, dims: list[Dimension], *, locale: str = "sv"
) -> dict[str, list[ComplianceRow]]:
    """Per group of each grouping in `dims`: first-response and resolution timers decided in
    the period, met, breached. Read from the daily figure table (a month is one row per
    combination of the ticket's groupings, a year twelve), then added up per grouping here:
    the cost follows the number of combinations, not the number of timers."""
    f = ReportTimerFigure
    is_fr = f.kind == FR
    sums = (
        func.sum(case((is_fr, f.decided), else_=0)),
        func.sum(case((is_fr, f.met), else_=0)),
        func.sum(case((is_fr, 0), else_=f.decided)),
        func.sum(case((is_fr, 0), else_=f.met)),
        func.sum(f.breached),
        func.sum(f.warned),
    )
    columns = (f.service_id, f.queue_id, f.priority, f.type)
    stmt = (
        select(*columns, *sums)
        .where(
            f.kind.in_((FR, RES)),
            in_keys(f, period_keys(period)),
            scope.figures(f.service_id, f.queue_id),
        )
        .group_by(*columns)
    )
    combos = [
        ((no_service(r[0]), no_service(r[1]), r[2], r[3]), [int(v) for v in r[4:]])
        for r in db.session.execute(stmt)
        if any(r[4:])
    ]
    owners = _owner_units({c[0] for c, _ in combos}) if any(d.needs_service for d in dims) else {}
    result = {}
    for dim in dims:
        sums_by: dict = {}
        for columns_, counts in combos:
            key = _key_of(dim, columns_, owners)
            sums_by[key] = [a + b for a, b in zip(sums_by.get(key, [0] * 6), counts, strict=True)]
        keys = sorted(sums_by, key=lambda k: (k is not None, k))  # the database's group order
        names = label_keys(dim, keys, locale)
        rows = [ComplianceRow(k, names[k], *sums_by[k]) for k in keys]
        result[dim.name] = sorted(rows, key=lambda r: r.label.lower())
    return result


def _key_of(dim: Dimension, columns: tuple, owners: dict):
    service_id, queue_id, priority, ticket_type = columns
    if dim.needs_service:
        return owners.get(service_id)
    return {"service": service_id, "queue": queue_id, "priority": priority}.get(
        dim.name, ticket_type
    )


def _owner_units(service_ids: set) -> dict:
    ids = [i for i in service_ids if i is not None]
    return dict(
        db.session.execute(
            select(Service.id, Service.owner_unit_id).where(Service.id.in_(ids))
        ).all()
    )


def compliance(
    scope: ReportScope, period: Period, dim: Dimension, *, locale: str = "sv"
) -> list[ComplianceRow]:
    """Per group: first-response and resolution timers decided in the period, met, breached."""
    return compliance_by(scope, period, [dim], locale=locale)[dim.name]


def totals(rows: list[ComplianceRow], label: str) -> ComplianceRow:
    fields = list(ComplianceRow.__dataclass_fields__)[2:]
    sums = [sum(getattr(r, f) for r in rows) for f in fields]
    return ComplianceRow(None, label, *sums)
