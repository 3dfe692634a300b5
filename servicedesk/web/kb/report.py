"""The knowledge base report for staff and managers: views, helpfulness and deflections
per article and per service over a period, on the page and as CSV."""

from __future__ import annotations

from functools import wraps

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from servicedesk.boundary.unit_of_work import now
from servicedesk.domain.kb.report import kb_report
from servicedesk.domain.reports import can_view_reports
from servicedesk.domain.reports.export import to_csv
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.kb.common import bp
from servicedesk.web.reports.forms import PeriodForm
from servicedesk.web.util import user


def report_reader_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        me = user()
        if not (me.is_staff or can_view_reports(me)):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _report():
    form = PeriodForm(formdata=request.args)
    period = form.period(now=now())
    return form, period, kb_report(user(), start=period.start, end=period.end)


@bp.route("/report")
@report_reader_required
def report():
    form, period, data = _report()
    return render_template(
        "kb/report.html", form=form, period=period, report=data, locale=current_locale_code()
    )


@bp.route("/report.csv")
@report_reader_required
def report_csv():
    _form, period, data = _report()
    locale = current_locale_code()
    header = [
        _("Article"),
        _("Title"),
        _("Service"),
        _("Views"),
        _("Helpful"),
        _("Not helpful"),
        _("Deflections"),
    ]
    rows = [
        [
            r.article.reference,
            r.article.title_for(locale),
            r.article.service.name_for(locale) if r.article.service else _("General"),
            r.counts.view,
            r.counts.helpful,
            r.counts.not_helpful,
            r.counts.deflection,
        ]
        for r in data.articles
    ]
    filename = f"kb-{period.first_day.isoformat()}-{period.last_day.isoformat()}.csv"
    return Response(
        to_csv(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
