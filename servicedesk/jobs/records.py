"""The records area's scheduled job: thinning under the retention rules, a share per run."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from servicedesk.domain.records.retention import run_thinning
from servicedesk.jobs.registry import register_job

# Records per run: a large backlog is worked off over several nights, each record in its
# own transaction.
SHARE = 2000


@register_job("thin-records", seconds=24 * 3600, lease_ttl=timedelta(hours=2))
def thin_records(*, now: datetime) -> None:
    run_thinning(None, now=now, limit=SHARE, storage_dir=current_app.config["ATTACHMENT_DIR"])
