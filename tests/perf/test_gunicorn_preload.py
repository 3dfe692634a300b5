"""gunicorn.conf.py as production runs it: the app loaded and warmed once in the master,
workers forked from it with connections of their own (docs/performance.md, "Worker
memory")."""

from __future__ import annotations

import http.client
import importlib.util
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_warm_up_builds_what_the_first_requests_would(app):
    conf = _conf()
    assert conf.preload_app  # the default
    app.jinja_env.cache.clear()
    conf.warm_up(app)
    compiled = {key[1] for key in app.jinja_env.cache}
    assert {"base.html", "tickets/desk/ticket_list.html", "reports/index.html"} <= compiled


def _workers(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def test_preloaded_workers_serve_pages_from_their_own_connections(tmp_path):
    from config import TestingConfig
    from servicedesk import create_app
    from servicedesk.infra.extensions import db

    url = f"sqlite:///{tmp_path / 'served.db'}"
    made = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    with made.app_context():
        db.create_all()
        db.engine.dispose()
    port = 20000 + os.getpid() % 20000
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_hex(32),
        SERVICEDESK_ENV="production",
        SERVICEDESK_INSECURE_HTTP="1",
        SESSION_COOKIE_SECURE="0",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", "run:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        statuses = []
        for _ in range(100):
            time.sleep(0.2)
            if len(_workers(proc.pid)) == 2:
                try:
                    for _ in range(6):  # both workers, in turn
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                        conn.request("GET", "/login")
                        statuses.append(conn.getresponse().status)
                        conn.close()
                    break
                except OSError:
                    continue
        assert statuses == [200] * 6
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err, err.decode()[-2000:]
