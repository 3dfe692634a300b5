"""SLA reports for managers: read-only SQL aggregates, scoped, with ticket drill-down.

Definitions of every measure: docs/reports.md.
"""

from servicedesk.domain.reports.period import Period, preset
from servicedesk.domain.reports.report import SlaReport, build_report, sla_report_json
from servicedesk.domain.reports.scope import ReportScope, can_view_reports, scope_for

__all__ = [
    "Period",
    "ReportScope",
    "SlaReport",
    "build_report",
    "can_view_reports",
    "preset",
    "scope_for",
    "sla_report_json",
]
