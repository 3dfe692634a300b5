"""The reports area for managers: the SLA report, drill-down lists, breach list, CSV files,
and the monthly-mail subscription."""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from babel.numbers import parse_pattern
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError
from servicedesk.domain.reports import build_report, can_view_reports, scope_for
from servicedesk.domain.reports.accountability import PAGE_SIZES, breach_list, breach_page
from servicedesk.domain.reports.dimensions import DIMENSIONS
from servicedesk.domain.reports.drill import DrillSpec, drill_down
from servicedesk.domain.reports.export import audited_csv
from servicedesk.domain.reports.flow import AGE_BUCKETS
from servicedesk.domain.reports.monthly import is_subscribed, set_subscription
from servicedesk.domain.reports.period import LOCAL
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.nav import register_nav
from servicedesk.web.reports import charts as report_charts
from servicedesk.web.reports import tables as report_tables
from servicedesk.web.reports.forms import PeriodForm, SubscriptionForm
from servicedesk.web.util import key_arg, user

bp = Blueprint("reports", __name__, url_prefix="/reports")
register_nav(
    "reports.index", _l("Reports"), visible=can_view_reports, blueprint="reports", order=60
)


# The number patterns parsed once (babel parses a pattern string on every call; a report
# page formats a few hundred figures), applied in the reader's locale.
PERCENT, ONE_DECIMAL = parse_pattern("#,##0.0 %"), parse_pattern("#,##0.0")


@bp.app_template_filter("pct")
def pct(value: float | None) -> str:
    return "–" if value is None else PERCENT.apply(value, get_locale())


@bp.app_template_filter("one_decimal")
def one_decimal(value: float) -> str:
    return ONE_DECIMAL.apply(value, get_locale())


@bp.app_template_filter("hours")
def hours(minutes: float | None) -> str:
    return "–" if minutes is None else one_decimal(minutes / 60) + " h"


def manager_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not can_view_reports(user()):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _period():
    form = PeriodForm(formdata=request.args)
    return form, form.period(now=now())


def period_args(form: PeriodForm) -> dict:
    args = {"preset": form.preset.data or "last_month"}
    if args["preset"] == "custom":
        args.update(start=request.args.get("start", ""), end=request.args.get("end", ""))
    return args


def week_args(report) -> list[dict]:
    """Period arguments of each week row, cut to the report period, for its drill-down."""
    first, last = report.period.first_day, report.period.last_day
    result = []
    for week in report.weeks:
        start = max(week.start.astimezone(LOCAL).date(), first)
        end = min(start + timedelta(days=6 - start.weekday()), last)
        result.append({"preset": "custom", "start": start.isoformat(), "end": end.isoformat()})
    return result


@bp.route("/")
@manager_required
def index():
    form, period = _period()
    report = build_report(user(), period, now=now(), locale=current_locale_code())
    return render_template(
        "reports/index.html",
        form=form,
        report=report,
        args=period_args(form),
        dimensions=DIMENSIONS,
        total=report.total,
        age_buckets=AGE_BUCKETS,
        charts=report_charts.charts(report, now()),
        headers=report_tables.headers(report, now()),
        week_label=report_tables.week_label,
        month_label=report_tables.month_label,
        now=now(),
        week_args=week_args(report),
        subscribed=is_subscribed(user()),
        subscription_form=SubscriptionForm(),
    )


@bp.route("/tickets")
@manager_required
def tickets():
    form, period = _period()
    spec = DrillSpec(
        measure=request.args.get("measure", ""),
        kind=request.args.get("kind", ""),
        dim=request.args.get("dim", ""),
        key=key_arg("key"),
        bucket=request.args.get("bucket", ""),
    )
    if not spec.is_valid():
        abort(404)
    me = user()
    result = drill_down(me, scope_for(me), period, spec, now=now())
    return render_template(
        "reports/tickets.html",
        form=form,
        period=period,
        spec=spec,
        result=result,
        args=period_args(form),
        title=report_tables.drill_title(spec),
    )


@bp.route("/breaches")
@manager_required
def breaches():
    form, period = _period()
    me = user()
    result = breach_page(
        me,
        scope_for(me),
        period,
        page=request.args.get("page", 1, type=int) or 1,
        per_page=request.args.get("per_page", PAGE_SIZES[0], type=int) or PAGE_SIZES[0],
        locale=current_locale_code(),
    )
    return render_template(
        "reports/breaches.html",
        form=form,
        period=period,
        result=result,
        page_sizes=PAGE_SIZES,
        header=report_tables.breach_header(),
        args=period_args(form),
        clock_label=report_tables.clock_label,
    )


@bp.route("/export/<table>.csv")
@manager_required
def export(table: str):
    _form, period = _period()
    me = user()
    if table == "breaches":
        rows = breach_list(me, scope_for(me), period, locale=current_locale_code())
        header, body = report_tables.breach_table(rows)
    else:
        report = build_report(me, period, now=now(), locale=current_locale_code())
        found = report_tables.table(report, table, now())
        if found is None:
            abort(404)
        header, body = found
    filename = f"sla-{table}-{period.first_day.isoformat()}-{period.last_day.isoformat()}.csv"
    text = commit_or_error(lambda: audited_csv(me, filename, header, body, now=now()))
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/subscription", methods=["POST"])
@manager_required
def subscription():
    form = SubscriptionForm()
    if form.validate_on_submit():
        active = form.active.data == "1"
        try:
            commit_or_error(lambda: set_subscription(user(), active=active, now=now()))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(
                _("You will get the monthly report by e-mail.")
                if active
                else _("You will no longer get the monthly report."),
                "success",
            )
    return redirect(url_for("reports.index"))
