"""Each report table as a header and rows of plain values: the CSV files, and the headers
the page's tables print (`headers`), so a CSV file has exactly its table's columns."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _

from servicedesk.domain import labels
from servicedesk.domain.reports.dimensions import DIMENSIONS
from servicedesk.domain.reports.drill import DrillSpec
from servicedesk.domain.reports.flow import AGE_BUCKETS
from servicedesk.domain.reports.report import SlaReport


def _share(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _local(instant) -> str:
    from servicedesk.web.helpers import localtime

    return localtime(instant) if instant else ""


def _hours(minutes: float | None) -> float | None:
    return None if minutes is None else round(minutes / 60, 1)


def ongoing(label: str, partial: bool) -> str:
    """A label of a week or month still under way, marked so its figures are not read as a
    drop."""
    return _("%(label)s (ongoing)", label=label) if partial else label


def week_label(week, now) -> str:
    """ "v. 49 (2026-11-30 – 2026-12-06)": the ISO week number and its Monday–Sunday."""
    from servicedesk.web.helpers import localtime

    last = week.end - timedelta(days=1)
    label = _("Week %(week)s", week=week.iso_week[1])
    dates = f"{localtime(week.start, 'yyyy-MM-dd')} – {localtime(last, 'yyyy-MM-dd')}"
    return ongoing(f"{label} ({dates})", week.start <= now < week.end)


def month_label(month, partial: bool) -> str:
    return ongoing(month.strftime("%Y-%m"), partial)


def compliance_table(report: SlaReport, dim: str):
    header = [
        str(DIMENSIONS[dim].title),
        _("First response timers"),
        _("First response met"),
        _("First response met, percent"),
        _("Resolution timers"),
        _("Resolution met"),
        _("Resolution met, percent"),
        _("First response breached"),
        _("Resolution breached"),
        _("Warnings"),
    ]
    rows = [
        [
            r.label,
            r.fr_total,
            r.fr_met,
            _share(r.fr_share),
            r.res_total,
            r.res_met,
            _share(r.res_share),
            r.fr_total - r.fr_met,
            r.res_total - r.res_met,
            r.warnings,
        ]
        for r in report.compliance[dim]
    ]
    return header, rows


def times_table(report: SlaReport):
    header = [
        _("Service"),
        _("First responses"),
        _("Median first response (business hours, approximate)"),
        _("90th percentile first response (business hours, approximate)"),
        _("Resolutions"),
        _("Median resolution (business hours, approximate)"),
        _("90th percentile resolution (business hours, approximate)"),
    ]
    rows = [
        [
            r.label,
            r.fr_count,
            _hours(r.fr_p50),
            _hours(r.fr_p90),
            r.res_count,
            _hours(r.res_p50),
            _hours(r.res_p90),
        ]
        for r in report.times
    ]
    return header, rows


def backlog_table(report: SlaReport):
    header = [_("Queue"), *(str(b[1]) for b in AGE_BUCKETS), _("Total")]
    rows = [[r.label, *(r.buckets[b[0]] for b in AGE_BUCKETS), r.total] for r in report.backlog]
    return header, rows


def weeks_table(report: SlaReport, now):
    return [_("Week"), _("Incoming"), _("Resolved")], [
        [week_label(w, now), w.incoming, w.resolved] for w in report.weeks
    ]


def rate_table(rows, part_label: str, rate_label: str, score: bool = False):
    header = [_("Service"), _("Resolved"), part_label, rate_label]
    if score:
        header.append(_("Mean rating (1–5)"))
    body = [
        [r.label, r.total, r.part, _share(r.share), *([r.score] if score else [])] for r in rows
    ]
    return header, body


def ola_table(rows, first: str):
    header = [first, _("OLA timers"), _("Met"), _("Breached"), _("Met, percent")]
    return header, [[r.label, r.total, r.met, r.breached, _share(r.share)] for r in rows]


def trend_table(report: SlaReport):
    header = [
        _("Month"),
        _("First response timers"),
        _("First response met, percent"),
        _("Resolution timers"),
        _("Resolution met, percent"),
        _("Breaches"),
        _("Incoming"),
        _("Resolved"),
    ]
    last = len(report.trend) - 1  # the current month, under way
    rows = [
        [
            month_label(m.month, i == last),
            m.fr_total,
            _share(m.fr_share),
            m.res_total,
            _share(m.res_share),
            m.breaches,
            m.incoming,
            m.resolved,
        ]
        for i, m in enumerate(report.trend)
    ]
    return header, rows


def breach_header() -> list[str]:
    return [
        _("Case number"),
        _("Subject"),
        _("Service"),
        _("Queue"),
        _("Assignee"),
        _("Clock"),
        _("Target (business hours)"),
        _("Breached at"),
        _("Stopped at"),
        _("Late (business hours)"),
    ]


def breach_table(rows):
    return breach_header(), [
        [
            r.reference,
            r.title,
            r.service,
            r.queue,
            r.assignee,
            clock_label(r.kind),
            _hours(r.target_minutes),
            _local(r.breached_at),
            _local(r.met_at),
            _hours(r.late_minutes),
        ]
        for r in rows
    ]


def clock_label(kind: str) -> str:
    return {
        "first_response": _("First response"),
        "resolution": _("Resolution"),
        "ola": _("Internal level (OLA)"),
    }.get(kind, kind)


TABLES = (
    *(f"compliance-{d}" for d in DIMENSIONS),
    "times",
    "backlog",
    "weeks",
    "reopen",
    "satisfaction",
    "ola-queue",
    "ola-unit",
    "trend",
)


def headers(report: SlaReport, now) -> dict[str, list[str]]:
    """The column headers of every table on the page, by its CSV name."""
    return {name: table(report, name, now)[0] for name in TABLES}


def table(report: SlaReport, name: str, now):
    """(header, rows) of a named table, or None for an unknown name."""
    if name.startswith("compliance-") and name[11:] in DIMENSIONS:
        return compliance_table(report, name[11:])
    builders = {
        "times": lambda: times_table(report),
        "backlog": lambda: backlog_table(report),
        "weeks": lambda: weeks_table(report, now),
        "reopen": lambda: rate_table(report.reopen, _("Reopened"), _("Reopen rate, percent")),
        "satisfaction": lambda: rate_table(
            report.satisfaction, _("Answers"), _("Response rate, percent"), score=True
        ),
        "ola-queue": lambda: ola_table(report.ola_queues, _("Queue")),
        "ola-unit": lambda: ola_table(report.ola_units, _("Unit")),
        "trend": lambda: trend_table(report),
    }
    builder = builders.get(name)
    return builder() if builder else None


def drill_title(spec: DrillSpec) -> str:
    measures = {
        "total": _("all timers ended"),
        "met": _("met"),
        "breached": _("breached"),
        "warned": _("warned"),
        "incoming": _("Incoming tickets"),
        "resolved": _("Resolved tickets"),
        "backlog": _("Open tickets"),
        "reopened": _("Reopened tickets"),
    }
    title = measures.get(spec.measure, spec.measure)
    if spec.kind:
        title = f"{clock_label(spec.kind)}: {title}"
    if spec.bucket:
        title += " – " + labels.label({b[0]: b[1] for b in AGE_BUCKETS}, spec.bucket)
    return title
