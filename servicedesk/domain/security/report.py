"""Security incidents per category and month, with the legal clocks met and missed.

A month is the month (Stockholm time) the organisation became aware (`aware_at`). An
incident counts once in each category it has (confidentiality, integrity, availability,
personal data) and once in "all". A clock is *met* when its report was submitted by the
deadline, *missed* when the deadline passed before a report (breached, or submitted late),
*not reportable* when so decided, and *open* while it runs. Only the security role and
admins see it; the CSV export is written to the audit log.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import PermissionDenied
from servicedesk.domain.permissions import may_see_security_report
from servicedesk.domain.reports.period import LOCAL
from servicedesk.domain.security.incidents import ASPECTS
from servicedesk.infra.extensions import db
from servicedesk.models import (
    ClockOutcome,
    SecurityClockDecision,
    SecurityIncident,
    SlaTimer,
    User,
)
from servicedesk.models.sla import LEGAL_KINDS

CATEGORIES = ("all", *ASPECTS, "personal_data")
OUTCOMES = ("met", "missed", "not_reportable", "open")


def require_security_report(user: User) -> None:
    if not may_see_security_report(user):
        raise PermissionDenied(_l("Only the security role and admins may see this report."))


@dataclass
class ReportRow:
    month: str  # YYYY-MM
    category: str
    incidents: int = 0
    clocks: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))


def clock_outcome(timer: SlaTimer, decision: SecurityClockDecision | None) -> str:
    if decision is not None and decision.outcome == ClockOutcome.NOT_REPORTABLE:
        return "not_reportable"
    if timer.breached_at is not None:
        return "missed"
    if decision is not None:
        return "met"
    return "open"


def _month_bounds(year: int) -> tuple[datetime, datetime]:
    start = datetime(year, 1, 1, tzinfo=LOCAL).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=LOCAL).astimezone(UTC)
    return start, end


def security_report(user: User, *, year: int) -> list[ReportRow]:
    """Rows by month then category (only those with incidents), for one calendar year."""
    require_security_report(user)
    start, end = _month_bounds(year)
    incidents = list(
        db.session.scalars(
            select(SecurityIncident)
            .where(SecurityIncident.aware_at >= start, SecurityIncident.aware_at < end)
            .order_by(SecurityIncident.aware_at)
        )
    )
    ids = [i.ticket_id for i in incidents]
    timers: dict[int, list[SlaTimer]] = defaultdict(list)
    decisions: dict[int, SecurityClockDecision] = {}
    if ids:
        for timer in db.session.scalars(
            select(SlaTimer).where(SlaTimer.ticket_id.in_(ids), SlaTimer.kind.in_(LEGAL_KINDS))
        ):
            timers[timer.ticket_id].append(timer)
        for decision in db.session.scalars(
            select(SecurityClockDecision).where(SecurityClockDecision.ticket_id.in_(ids))
        ):
            decisions[decision.timer_id] = decision
    rows: dict[tuple[str, str], ReportRow] = {}
    for incident in incidents:
        month = incident.aware_at.astimezone(LOCAL).strftime("%Y-%m")
        outcomes = [clock_outcome(t, decisions.get(t.id)) for t in timers[incident.ticket_id]]
        for category in CATEGORIES:
            if category != "all" and not getattr(incident, category):
                continue
            row = rows.setdefault((month, category), ReportRow(month, category))
            row.incidents += 1
            for outcome in outcomes:
                row.clocks[outcome] += 1
    return [rows[key] for key in sorted(rows, key=lambda k: (k[0], CATEGORIES.index(k[1])))]


def report_table(rows: list[ReportRow], category_label) -> tuple[list[str], list[list]]:
    """Header and body of the report as a table (the page and the CSV)."""
    header = [
        str(_l("Month")),
        str(_l("Category")),
        str(_l("Incidents")),
        str(_l("Clocks met")),
        str(_l("Clocks missed")),
        str(_l("Not reportable")),
        str(_l("Clocks running")),
    ]
    body = [
        [
            row.month,
            category_label(row.category),
            row.incidents,
            *(row.clocks[o] for o in OUTCOMES),
        ]
        for row in rows
    ]
    return header, body
