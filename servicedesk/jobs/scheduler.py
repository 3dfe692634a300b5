"""The APScheduler wrapper that runs the registered jobs. No rules live here.

Each job runs inside an app context and under a database lease, so starting the scheduler
on every web node (or twice under a reloader) still runs each job once at a time. One
failing job never stops the others; its error is kept on the lease row.
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from servicedesk.infra.extensions import db
from servicedesk.jobs.leases import acquire_lease, holder_id, release_lease
from servicedesk.jobs.registry import JOBS, Job
from servicedesk.models.base import utcnow

log = logging.getLogger(__name__)


def run_job(app: Flask, job: Job) -> bool:
    """Run one job once, if this process can take its lease. Returns whether it ran."""
    holder = holder_id()
    with app.app_context():
        now = utcnow()
        if not acquire_lease(job.id, holder, ttl=job.lease_ttl, now=now):
            return False
        try:
            job.func(now=now)
            db.session.commit()
        except Exception as exc:  # one failing job must not stop the scheduler
            db.session.rollback()
            log.exception("job %s failed", job.id)
            release_lease(job.id, holder, now=utcnow(), success=False, error=repr(exc))
            return False
        release_lease(job.id, holder, now=utcnow(), success=True)
        return True


def _load_jobs() -> None:
    # Importing each area's job module registers its jobs; the area modules know only the
    # registry, never this runner.
    from servicedesk.jobs import access, identity, kb, mail, records, reports, sla, tickets  # noqa: F401


def _add_jobs(app: Flask, scheduler) -> None:
    _load_jobs()
    for job in JOBS.values():
        scheduler.add_job(
            run_job,
            "interval",
            seconds=job.seconds,
            args=(app, job),
            id=job.id,
            coalesce=True,
            max_instances=1,
            replace_existing=True,
            misfire_grace_time=job.seconds,
        )


def start_scheduler(app: Flask) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone="UTC")
    _add_jobs(app, scheduler)
    scheduler.start()
    app.extensions["scheduler"] = scheduler
    return scheduler


def run_blocking(app: Flask) -> None:
    """`flask sla watch`: the scheduler in the foreground, for a separate process."""
    scheduler = BlockingScheduler(timezone="UTC")
    _add_jobs(app, scheduler)
    scheduler.start()
