"""The identity area's scheduled job: forget sign-in attempts too old to count."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.identity.sign_in import prune_attempts
from servicedesk.jobs.registry import register_job


@register_job("prune-login-attempts", seconds=3600)
def prune_login_attempts(*, now: datetime) -> None:
    prune_attempts(now=now)
