"""The whole SLA report for a viewer and a period, and its JSON form for the API."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from servicedesk.domain.reports.accountability import OlaRow, ola_compliance_by
from servicedesk.domain.reports.compliance import ComplianceRow, compliance_by, totals
from servicedesk.domain.reports.dimensions import DIMENSIONS, get_dimension
from servicedesk.domain.reports.flow import (
    BacklogRow,
    RateRow,
    WeekRow,
    backlog,
    incoming_resolved,
    reopen_rate,
    satisfaction,
)
from servicedesk.domain.reports.period import Period
from servicedesk.domain.reports.scope import ReportScope, scope_for
from servicedesk.domain.reports.summary import Summary, summarise
from servicedesk.domain.reports.times import TimeRow, business_times_with_overall
from servicedesk.domain.reports.trends import MonthRow, monthly_trend
from servicedesk.models import User


@dataclass
class SlaReport:
    period: Period
    scope: ReportScope
    compliance: dict[str, list[ComplianceRow]]
    times: list[TimeRow]
    times_overall: TimeRow | None
    backlog: list[BacklogRow]
    weeks: list[WeekRow]
    reopen: list[RateRow]
    satisfaction: list[RateRow]
    ola_queues: list[OlaRow]
    ola_units: list[OlaRow]
    trend: list[MonthRow]
    total: ComplianceRow  # all services together
    summary: Summary


def build_report(user: User, period: Period, *, now: datetime, locale: str = "sv") -> SlaReport:
    """Every aggregate of the report page; raises PermissionDenied for non-managers."""
    scope = scope_for(user)
    service = get_dimension("service")
    times, overall = business_times_with_overall(scope, period, service, locale=locale)
    ola = ola_compliance_by(scope, period)
    compliance = compliance_by(scope, period, list(DIMENSIONS.values()), locale=locale)
    total = totals(compliance["service"], "")
    open_now = backlog(scope, now=now)
    rated = satisfaction(scope, period, service, locale=locale)
    return SlaReport(
        period=period,
        scope=scope,
        compliance=compliance,
        times=times,
        times_overall=overall,
        backlog=open_now,
        weeks=incoming_resolved(scope, period),
        reopen=reopen_rate(scope, period, service, locale=locale),
        satisfaction=rated,
        ola_queues=ola["queue"],
        ola_units=ola["unit"],
        trend=monthly_trend(scope, now=now),
        total=total,
        summary=summarise(
            scope, period, total=total, backlog=open_now, satisfaction=rated, now=now
        ),
    )


# Fields the page uses that the API's published schema does not have (api/reports/schemas.py)
PAGE_ONLY = ("oldest", "end", "rating_sum")


def _plain(row) -> dict:
    data = {k: v for k, v in asdict(row).items() if k not in PAGE_ONLY}
    for name in ("fr_share", "res_share", "share", "total"):
        if hasattr(type(row), name):
            data[name] = getattr(row, name)
    return data


def sla_report_json(user: User, period: Period, *, now: datetime, locale: str = "sv") -> dict:
    """The report as JSON-ready data (instants ISO 8601 UTC) for GET /api/v1/reports/sla."""
    report = build_report(user, period, now=now, locale=locale)

    def rows(items):
        return [_iso(_plain(r)) for r in items]

    return {
        "period": {"from": report.period.start.isoformat(), "to": report.period.end.isoformat()},
        "compliance": {name: rows(items) for name, items in report.compliance.items()},
        "business_minutes": {
            "overall": _iso(_plain(report.times_overall)) if report.times_overall else None,
            "by_service": rows(report.times),
        },
        "backlog": rows(report.backlog),
        "weeks": rows(report.weeks),
        "reopen_rate": rows(report.reopen),
        "satisfaction": rows(report.satisfaction),
        "ola": {"by_queue": rows(report.ola_queues), "by_unit": rows(report.ola_units)},
        "trend": rows(report.trend),
    }


def _iso(data: dict) -> dict:
    return {
        k: (v.isoformat() if isinstance(v, datetime) or hasattr(v, "isoformat") else v)
        for k, v in data.items()
    }
