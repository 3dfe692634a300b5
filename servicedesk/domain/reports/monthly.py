"""The monthly SLA summary by mail to managers who subscribe.

Sent on the 1st (Stockholm date) for the previous month, through the outbox with the key
"monthly-report:<user id>:<YYYY-MM>", so a second run the same day queues nothing new.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from servicedesk.domain.mail.outbox import Mail, enqueue_mail
from servicedesk.domain.reports.accountability import ola_compliance
from servicedesk.domain.reports.compliance import compliance, totals
from servicedesk.domain.reports.dimensions import get_dimension
from servicedesk.domain.reports.period import LOCAL, Period, preset
from servicedesk.domain.reports.scope import can_view_reports, scope_for
from servicedesk.infra.extensions import db
from servicedesk.models import ReportSubscription, User


def subscription_of(user: User) -> ReportSubscription | None:
    return db.session.scalar(
        select(ReportSubscription).where(ReportSubscription.user_id == user.id)
    )


def is_subscribed(user: User) -> bool:
    row = subscription_of(user)
    return bool(row and row.active)


def set_subscription(user: User, *, active: bool, now: datetime) -> ReportSubscription:
    """Subscribe or unsubscribe a manager (PermissionDenied for anyone else)."""
    scope_for(user)
    row = subscription_of(user)
    if row is None:
        row = ReportSubscription(user_id=user.id, active=active, created_at=now)
        db.session.add(row)
    row.active = active
    db.session.flush()
    return row


def render_summary(user: User, period: Period, *, now: datetime) -> Mail:
    """The summary in the recipient's language, for the period in their scope."""
    scope = scope_for(user)
    with force_locale(user.locale):
        rows = compliance(scope, period, get_dimension("service"), locale=user.locale)
        context = {
            "user": user,
            "period": period,
            "month": period.first_day.strftime("%Y-%m"),
            "rows": rows,
            "total": totals(rows, _("All services")),
            "ola": ola_compliance(scope, period, by="unit"),
            "report_url": current_app.config["BASE_URL"].rstrip("/")
            + "/reports/?preset=last_month",
        }
        subject = _("SLA report for %(month)s", month=context["month"])
        text = render_template("email/monthly_report.txt", **context)
        html = render_template("email/monthly_report.html", **context)
    return Mail(
        key=f"monthly-report:{user.id}:{context['month']}",
        kind="monthly-report",
        to_address=user.email,
        subject=subject,
        body_text=text,
        body_html=html,
        recipient_id=user.id,
    )


def send_monthly_reports(*, now: datetime) -> int:
    """On the 1st: queue last month's summary for every active subscriber who may still see
    reports. Returns how many new mails were queued."""
    if now.astimezone(LOCAL).day != 1:
        return 0
    period = preset("last_month", now=now)
    users = db.session.scalars(
        select(User)
        .join(ReportSubscription, ReportSubscription.user_id == User.id)
        .where(ReportSubscription.active.is_(True), User.active.is_(True))
        .order_by(User.id)
    )
    queued = 0
    for user in users:
        if can_view_reports(user):
            queued += enqueue_mail(render_summary(user, period, now=now), now=now)
    return queued
