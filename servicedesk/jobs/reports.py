"""The reports area's scheduled job: the monthly SLA summary to subscribers."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.reports.monthly import send_monthly_reports
from servicedesk.jobs.registry import register_job


@register_job("monthly-report", seconds=24 * 3600)
def monthly_report(*, now: datetime) -> None:
    send_monthly_reports(now=now)
