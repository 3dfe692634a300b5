"""Scheduled jobs: thin wrappers over domain functions, registered with the scheduler."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.lifecycle import close_resolved_tickets
from servicedesk.scheduler import register_job


@register_job("close-resolved", seconds=3600)
def close_resolved(*, now: datetime) -> None:
    close_resolved_tickets(now=now)


from servicedesk import report_jobs  # noqa: E402,F401  (registers "monthly-report")
