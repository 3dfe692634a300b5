"""The access area's scheduled jobs: warn ahead of a grant's end and open its revoke task
after it; open the reviews that are due and escalate overdue ones (each once)."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.access import register, reviews
from servicedesk.jobs.registry import register_job


@register_job("access-expiry", seconds=3600)
def access_expiry(*, now: datetime) -> None:
    register.warn_expiring(now=now)
    register.expire_grants(now=now)


@register_job("access-reviews", seconds=3600)
def access_reviews(*, now: datetime) -> None:
    reviews.open_due_reviews(now=now)
    reviews.escalate_overdue(now=now)
