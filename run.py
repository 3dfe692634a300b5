"""Entry point: builds the app. `python run.py` serves it (with the scheduler) for `make run`;
gunicorn uses `run:app` in production."""

from __future__ import annotations

import os

from servicedesk import create_app

app = create_app()

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")), use_reloader=False)
