"""Chart data for the report page: plain JSON drawn by static/js/reports.js with Chart.js.

Every chart here has the same numbers in a table on the page; the chart is the picture, the
table is the record.
"""

from __future__ import annotations

from flask_babel import gettext as _

from servicedesk.domain.reports.report import SlaReport


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def charts(report: SlaReport) -> dict[str, dict]:
    services = report.compliance["service"]
    return {
        "compliance": {
            "type": "bar",
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
        "weeks": {
            "type": "bar",
            "labels": [w.start.date().isoformat() for w in report.weeks],
            "datasets": [
                {"label": _("Incoming"), "data": [w.incoming for w in report.weeks]},
                {"label": _("Resolved"), "data": [w.resolved for w in report.weeks]},
            ],
        },
        "trend": {
            "type": "line",
            "percent": True,
            "labels": [m.month.strftime("%Y-%m") for m in report.trend],
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
        "volume": {
            "type": "line",
            "labels": [m.month.strftime("%Y-%m") for m in report.trend],
            "datasets": [
                {"label": _("Incoming"), "data": [m.incoming for m in report.trend]},
                {"label": _("Resolved"), "data": [m.resolved for m in report.trend]},
                {"label": _("Breaches"), "data": [m.breaches for m in report.trend]},
            ],
        },
    }
