"""The reports area's scheduled job (imported by servicedesk.jobs)."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.reports.monthly import send_monthly_reports
from servicedesk.scheduler import register_job


@register_job("monthly-report", seconds=24 * 3600)
def monthly_report(*, now: datetime) -> None:
    send_monthly_reports(now=now)
