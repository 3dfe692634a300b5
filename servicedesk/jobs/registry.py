"""The job registry: each area's job module declares its jobs here with `register_job`.

It imports nothing from the areas, so the areas' job modules and the scheduler both depend
on it and never on each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Job:
    id: str
    func: Callable[..., object]  # called with now=<aware UTC datetime>
    seconds: int
    lease_ttl: timedelta


JOBS: dict[str, Job] = {}


def register_job(job_id: str, *, seconds: int, lease_ttl: timedelta | None = None):
    """Decorator: register `func(now=...)` to run every `seconds` under a lease."""

    def decorator(func):
        JOBS[job_id] = Job(
            job_id, func, seconds, lease_ttl or timedelta(seconds=max(seconds * 5, 60))
        )
        return func

    return decorator
