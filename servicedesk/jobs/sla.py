"""The SLA area's scheduled job: the watcher's tick (warnings, breaches, escalation)."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.sla.watcher import tick
from servicedesk.jobs.registry import register_job


@register_job("sla-tick", seconds=60)
def sla_tick(*, now: datetime) -> None:
    tick(now=now)
