"""GET /reports/sla: the reports page's figures as JSON, in the same scope (a department
manager sees their department; admins and IT-unit managers everything)."""

from __future__ import annotations

from datetime import date

from flask import jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from servicedesk.api.auth import api_user
from servicedesk.api.blueprint import bp
from servicedesk.api.params import checked, unknown_params
from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.admin.audit import record_export
from servicedesk.domain.errors import PermissionDenied
from servicedesk.domain.reports import can_view_reports, sla_report_json
from servicedesk.domain.reports.period import Period, days

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_DAYS = 3 * 366


def _day(name: str, fields: dict) -> date | None:
    raw = request.args.get(name)
    try:
        day = date.fromisoformat(raw) if raw and len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        fields[name] = [_("Give a date as YYYY-MM-DD.")]
    return day


def period_from_query() -> Period:
    """from..to, both local calendar days inclusive, at most three years."""
    fields: dict[str, list[str]] = {}
    unknown_params(request.args, {"from", "to"}, fields)
    first, last = _day("from", fields), _day("to", fields)
    if first and last and last < first:
        fields["to"] = [_("The end date is before the start date.")]
    elif first and last and (last - first).days >= MAX_DAYS:
        fields["to"] = [_("Ask for at most three years at a time.")]
    checked(fields)
    return days(first, last)


@bp.get("/reports/sla")
def sla_report():
    me = api_user()
    if not can_view_reports(me):
        raise PermissionDenied(_l("Only managers may see reports."))
    period = period_from_query()
    body = sla_report_json(me, period, now=now(), locale=me.locale or "sv")
    what = f"api/v1/reports/sla {period.first_day.isoformat()}..{period.last_day.isoformat()}"
    commit_or_error(lambda: record_export(me, what, rows=None, now=now()))  # on record
    return jsonify(body)
