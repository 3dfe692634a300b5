"""gunicorn settings: with SCHEDULER_ENABLED=1 each worker also runs the scheduled jobs.

Every job takes a database lease, so several workers (or nodes) never run one job at the
same time. Without it, run the jobs in their own process: `flask sla watch`.
"""

from __future__ import annotations


def post_worker_init(worker) -> None:
    app = worker.app.wsgi()
    if app.config.get("SCHEDULER_ENABLED"):
        from servicedesk.jobs.scheduler import start_scheduler

        start_scheduler(app)
