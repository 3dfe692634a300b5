"""The knowledge base's scheduled job: remind owners of articles whose review date passed."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.kb.review import remind_owners
from servicedesk.jobs.registry import register_job


@register_job("kb-review-reminders", seconds=3600)
def kb_review_reminders(*, now: datetime) -> None:
    remind_owners(now=now)
