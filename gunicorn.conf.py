"""gunicorn settings, each chosen on purpose (override any of them on the command line).

With SCHEDULER_ENABLED=1 each worker also runs the scheduled jobs. Every job takes a
database lease, so several workers (or nodes) never run one job at the same time. Without
it, run the jobs in their own process: `flask sla watch`.
"""

from __future__ import annotations

import gc
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
# Load the app once in the master and fork the workers from it: the imported code (about
# 80 MB) is shared copy-on-write, so each worker adds only what its requests allocate
# (docs/performance.md, "Worker memory"). `gc.freeze()` before each fork keeps the
# collector from writing to, and so copying, the shared objects. Each worker opens its own
# database connections (`post_fork`). A code deploy restarts the master (a HUP only
# re-forks workers from the code it loaded). GUNICORN_PRELOAD=0 loads the app per worker.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"


_warm = False


def pre_fork(server, worker) -> None:
    global _warm
    if preload_app:
        if not _warm:
            warm_up(server.app.wsgi())
            _warm = True
        gc.freeze()


def warm_up(app) -> None:
    """What every worker would build on its first requests, built once in the master so
    the workers share it: the ORM's mapper configuration, the locales' CLDR data and
    message catalogs, the compiled templates."""
    from babel import Locale
    from flask_babel import force_locale, get_translations
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    with app.test_request_context():
        for code in app.config["LANGUAGES"]:
            Locale.parse(code).datetime_formats  # noqa: B018 (loads the locale's data)
            with force_locale(code):
                get_translations()
    for name in app.jinja_env.list_templates(filter_func=lambda n: not n.startswith(".")):
        app.jinja_env.get_template(name)


def post_fork(server, worker) -> None:
    if preload_app:  # no connection of the master's pool is used across the fork
        from servicedesk.infra.extensions import db

        with worker.app.wsgi().app_context():
            db.engine.dispose(close=False)


def post_worker_init(worker) -> None:
    app = worker.app.wsgi()
    if app.config.get("SCHEDULER_ENABLED"):
        from servicedesk.jobs.scheduler import start_scheduler

        start_scheduler(app)
