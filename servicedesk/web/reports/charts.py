"""Chart data for the report page: plain JSON drawn by static/js/reports.js with Chart.js.

Every chart here has its numbers in a table beside it (the chart's text alternative, in
`_macros.chart`); the chart is the picture, the table is the record. A bucket still under
way (the current week or month) is named "(ongoing)" and given `partial`, its index, so the
script draws it apart (dashed, lighter) instead of as a drop.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from servicedesk.domain.reports.flow import AGE_BUCKETS
from servicedesk.domain.reports.report import SlaReport
from servicedesk.web.reports.tables import month_label, ongoing


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _begun(week, value: int, now: datetime) -> int | None:
    return value if week.start <= now else None


def charts(report: SlaReport, now: datetime) -> dict[str, dict]:
    services = report.compliance["service"]
    weeks = report.weeks
    partial_week = next((i for i, w in enumerate(weeks) if w.start <= now < w.end), None)
    last_month = len(report.trend) - 1
    return {
        "trend": {
            "type": "line",
            "percent": True,
            "partial": last_month,
            "labels": [month_label(m.month, i == last_month) for i, m in enumerate(report.trend)],
            "datasets": [
                {
                    "label": _("First response met, percent"),
                    "data": [_pct(m.fr_share) for m in report.trend],
                },
                {
                    "label": _("Resolution met, percent"),
                    "data": [_pct(m.res_share) for m in report.trend],
                },
            ],
        },
        "weeks": {
            "type": "bar",
            "partial": partial_week,
            "labels": [
                ongoing(_("Week %(week)s", week=w.iso_week[1]), i == partial_week)
                for i, w in enumerate(weeks)
            ],
            "datasets": [  # weeks not begun yet have no figures rather than zero
                {"label": _("Incoming"), "data": [_begun(w, w.incoming, now) for w in weeks]},
                {"label": _("Resolved"), "data": [_begun(w, w.resolved, now) for w in weeks]},
            ],
        },
        "compliance": {
            "type": "bar",
            "horizontal": True,
            "percent": True,
            "labels": [r.label for r in services],
            "datasets": [
                {
                    "label": _("First response met, percent"),
                    "data": [_pct(r.fr_share) for r in services],
                },
                {
                    "label": _("Resolution met, percent"),
                    "data": [_pct(r.res_share) for r in services],
                },
            ],
        },
        "backlog": {
            "type": "bar",
            "labels": [str(b[1]) for b in AGE_BUCKETS],
            "datasets": [
                {
                    "label": _("Open tickets"),
                    "data": [sum(r.buckets[b[0]] for r in report.backlog) for b in AGE_BUCKETS],
                }
            ],
        },
    }
