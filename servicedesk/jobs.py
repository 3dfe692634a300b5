"""Scheduled jobs: thin wrappers over domain functions, registered with the scheduler."""

from __future__ import annotations

from datetime import datetime

from servicedesk import report_jobs  # noqa: F401  (registers monthly-report)
from servicedesk.domain.lifecycle import close_resolved_tickets
from servicedesk.mail import jobs as mail_jobs  # noqa: F401  (registers outbox-send, imap-poll)
from servicedesk.scheduler import register_job


@register_job("close-resolved", seconds=3600)
def close_resolved(*, now: datetime) -> None:
    close_resolved_tickets(now=now)


@register_job("sla-tick", seconds=60)
def sla_tick(*, now: datetime) -> None:
    from servicedesk.domain.sla.watcher import tick

    tick(now=now)
