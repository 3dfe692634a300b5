"""The employee's "Report a security incident" form and the report of security incidents."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain import labels
from servicedesk.domain.errors import DomainError
from servicedesk.domain.permissions import may_see_security_report
from servicedesk.domain.reports.export import audited_csv
from servicedesk.domain.security.incidents import nis2_covered_by_default, report_incident
from servicedesk.domain.security.report import report_table, security_report
from servicedesk.models import Channel
from servicedesk.web.incidents.forms import ReportIncidentForm
from servicedesk.web.nav import ACCESS_SECURITY, register_nav
from servicedesk.web.util import form_error, form_status, user

bp = Blueprint("security", __name__, url_prefix="/security")
register_nav(
    "security.report_incident_page",
    _l("Security incident"),
    visible=lambda u: True,
    blueprint="security",
    order=27,
    group=ACCESS_SECURITY,
)

CATEGORY = {"all": _l("All incidents"), **labels.SECURITY_FACT}


def category_label(key: str) -> str:
    return str(CATEGORY.get(key, key))


@bp.route("/report", methods=["GET", "POST"])
@login_required
def report_incident_page():
    """Rapportera en säkerhetsincident: what happened, what was affected, personal data."""
    me = user()
    form = ReportIncidentForm()
    if form.validate_on_submit():
        try:
            ticket = commit_or_error(
                lambda: report_incident(
                    me,
                    title=form.title.data,
                    description=form.description.data,
                    facts=form.facts(nis2_covered=nis2_covered_by_default()),
                    channel=Channel.PORTAL,
                    now=now(),
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(
                _(
                    "Thank you. Your report %(ref)s has reached the security team.",
                    ref=ticket.reference,
                ),
                "success",
            )
            return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id))
    page = render_template(
        "security/report_new.html", form=form, sees_report=may_see_security_report(me)
    )
    return page, form_status(form)


def security_report_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not may_see_security_report(user()):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _year() -> int:
    current = now().year
    try:
        year = int(request.args.get("year", current))
    except ValueError:
        return current
    return year if 2000 <= year <= current + 1 else current


@bp.route("/incidents")
@security_report_required
def incident_report():
    year = _year()
    rows = security_report(user(), year=year)
    header, body = report_table(rows, category_label)
    return render_template(
        "security/report.html", year=year, header=header, body=body, this_year=now().year
    )


@bp.route("/incidents.csv")
@security_report_required
def incident_report_csv():
    year = _year()
    me = user()
    header, body = report_table(security_report(me, year=year), category_label)
    filename = f"sakerhetsincidenter-{year}.csv"
    text = commit_or_error(lambda: audited_csv(me, filename, header, body, now=now()))
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
