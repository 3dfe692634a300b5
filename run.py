"""Entry point: builds the app. `python run.py` serves it with the scheduler (`make run`);
gunicorn serves `run:app` (see gunicorn.conf.py for its scheduler); the `flask` CLI imports
it without starting any jobs."""

from __future__ import annotations

import os

from servicedesk import create_app

app = create_app()

if __name__ == "__main__":
    if app.config.get("SCHEDULER_ENABLED"):
        # Imported here: a gunicorn worker (or `flask`) loading `run:app` needs no scheduler.
        from servicedesk.jobs.scheduler import start_scheduler

        start_scheduler(app)
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")), use_reloader=False)
