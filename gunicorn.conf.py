"""gunicorn settings, each chosen on purpose (override any of them on the command line).

With SCHEDULER_ENABLED=1 each worker also runs the scheduled jobs. Every job takes a
database lease, so several workers (or nodes) never run one job at the same time. Without
it, run the jobs in their own process: `flask sla watch`.
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # behind the reverse proxy
# Sync workers: requests are short and CPU-bound (a page is 5-20 ms of CPU), so one
# process per core serves best; threads would only share the GIL. Two per core leaves
# room for a request that waits on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
worker_class = "sync"
# The slowest legitimate request (a year's report at 1M tickets, a large CSV export)
# must finish; anything slower is a fault that should free the worker. gunicorn's
# default of 30 s killed the yearly report at 100k tickets (issue 14).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30  # let in-flight requests finish on a restart or deploy
keepalive = 5  # seconds; the proxy reuses its connections
# Recycle workers now and then (with jitter, so they do not restart together): bounds any
# slow growth of memory, e.g. per-process caches of calendars and compiled statements.
max_requests = 10_000
max_requests_jitter = 1_000
# Load the app in each worker, not in the master: each worker imports only what it
# needs and opens its own database connections (no pool shared across fork).
preload_app = False


def post_worker_init(worker) -> None:
    app = worker.app.wsgi()
    if app.config.get("SCHEDULER_ENABLED"):
        from servicedesk.jobs.scheduler import start_scheduler

        start_scheduler(app)
