"""The tickets area's scheduled job: close resolved tickets nobody reopened."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.tickets.auto_close import close_resolved_tickets
from servicedesk.jobs.registry import register_job


@register_job("close-resolved", seconds=3600)
def close_resolved(*, now: datetime) -> None:
    close_resolved_tickets(now=now)
