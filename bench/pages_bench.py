"""Time the hot pages on a seeded database (see bench/seed.py).

Two modes:
- in-process (default): the Flask test client, server-side time only, median and p95 over
  `--runs` requests per page; repeatable on a noisy machine.
- `--gunicorn`: serve with gunicorn (2 sync workers) on 127.0.0.1 and drive it with a
  bounded keep-alive loop from this process; also reports the workers' peak memory (VmHWM).

    .venv/bin/python bench/pages_bench.py --url sqlite:////tmp/bench100k.db
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "benchmark-password"
AGENT = "agent@bench.example"


def pages(queue_id: int, ticket_id: int) -> dict[str, str]:
    return {
        "queue list (biggest queue, 25/page)": f"/desk/tickets?queue={queue_id}",
        "queue list, page 40": f"/desk/tickets?queue={queue_id}&page=40",
        "desk dashboard": "/desk/",
        "ticket page": f"/desk/tickets/{ticket_id}",
        "search by title word": f"/desk/tickets?queue={queue_id}&q=skrivaren",
        "API queue list (open, 25)": f"/api/v1/tickets?queue={queue_id}&status=open",
    }


def summary(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    return f"median {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms   n={len(samples)}"


def in_process(url: str, runs: int) -> None:
    from config import TestingConfig
    from servicedesk import create_app

    secret = api_token(url)
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False)
    queue_id, ticket_id, count = _targets(url)
    client = app.test_client()
    client.post("/login", data={"email": AGENT, "password": PASSWORD})
    headers = {"Authorization": f"Bearer {secret}"}
    print(f"in-process, {count} tickets, {url.split('://')[0]}")
    for name, path in pages(queue_id, ticket_id).items():
        for _ in range(3):
            assert client.get(path, headers=headers).status_code == 200, path
        samples, cpu = [], time.process_time()
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path, headers=headers)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        cpu_ms = (time.process_time() - cpu) * 1000 / runs
        print(f"  {name:36s} {summary(samples)}   CPU {cpu_ms:5.1f} ms/req")


def _vmhwm(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1])
    return 0


def worker_cpu_seconds(proc: subprocess.Popen) -> float:
    """User + system CPU time of the gunicorn workers so far: the server's own cost,
    which other jobs on the machine do not inflate the way they inflate wall time."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
    total = 0
    for pid in children.stdout.split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def worker_memory(proc: subprocess.Popen) -> None:
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
    for pid in children.stdout.split():
        print(f"  worker {pid} peak memory (VmHWM): {_vmhwm(int(pid)) / 1024:.1f} MB")


@contextmanager
def serve(url: str, port: int):
    """gunicorn with 2 sync workers on 127.0.0.1:port, stopped on exit."""
    env = dict(
        os.environ,
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_hex(32),
        SERVICEDESK_ENV="production",
        SERVICEDESK_INSECURE_HTTP="1",  # plain HTTP on 127.0.0.1: no Secure cookies
    )
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "run:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


def _csrf(body: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body).group(1)


def _keep_cookies(jar: dict[str, str], response) -> str:
    """Merge the response's Set-Cookie headers into `jar`; return the Cookie header."""
    for header in response.msg.get_all("Set-Cookie") or []:
        name, _, value = header.split(";")[0].partition("=")
        if value:
            jar[name.strip()] = value
        else:
            jar.pop(name.strip(), None)
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def login(port: int, form_path: str = "/desk/") -> tuple[http.client.HTTPConnection, str, str]:
    """A keep-alive connection logged in as the bench agent, its cookie, and a CSRF token
    taken from `form_path` once."""
    jar: dict[str, str] = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    r = conn.getresponse()
    body = r.read().decode()
    cookie = _keep_cookies(jar, r)
    form = urlencode({"csrf_token": _csrf(body), "email": AGENT, "password": PASSWORD})
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    conn.request("POST", "/login", body=form, headers=headers)
    r = conn.getresponse()
    r.read()
    assert r.status == 302, f"login failed: {r.status}"
    cookie = _keep_cookies(jar, r)
    conn.request("GET", form_path, headers={"Cookie": cookie})
    r = conn.getresponse()
    body = r.read().decode()
    assert r.status == 200, (form_path, r.status)
    cookie = _keep_cookies(jar, r)  # the session may now hold the CSRF secret
    token = _csrf(body) if "csrf_token" in body else ""
    return conn, cookie, token


def api_token(url: str, email: str = AGENT) -> str:
    """A fresh API token for the bench agent (or another seeded user), made directly in the
    database."""
    from datetime import UTC, datetime

    from config import TestingConfig
    from servicedesk import create_app
    from servicedesk.domain.identity.api_tokens import create_token
    from servicedesk.infra.extensions import db
    from servicedesk.models import User

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        agent = db.session.scalar(db.select(User).where(User.email == email))
        _, secret = create_token(agent, name="bench", now=datetime.now(UTC))
        db.session.commit()
    return secret


def timed_gets(conn: http.client.HTTPConnection, path: str, headers: dict, runs: int) -> list:
    """`runs` GETs of `path` after 3 warm-ups, each asserted 200: their times in ms."""
    samples = []
    for i in range(runs + 3):
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        r.read()
        assert r.status == 200, (path, r.status)
        if i >= 3:
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def with_gunicorn(url: str, runs: int, port: int) -> None:
    secret = api_token(url)
    with serve(url, port) as proc:
        conn, cookie, _ = login(port)
        headers = {"Cookie": cookie, "Authorization": f"Bearer {secret}"}
        queue_id, ticket_id, count = _targets(url)
        print(f"gunicorn 2 workers, {count} tickets, {url.split('://')[0]}")
        for name, path in pages(queue_id, ticket_id).items():
            started_all, cpu = time.perf_counter(), worker_cpu_seconds(proc)
            samples = timed_gets(conn, path, headers, runs)
            rate = (runs + 3) / (time.perf_counter() - started_all)
            cpu_ms = (worker_cpu_seconds(proc) - cpu) * 1000 / (runs + 3)
            print(
                f"  {name:36s} {summary(samples)}   {rate:6.1f} req/s sequential"
                f"   server CPU {cpu_ms:5.1f} ms/req"
            )
        worker_memory(proc)


def _targets(url: str) -> tuple[int, int, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as c:
        queue_id = c.execute(text("SELECT id FROM queue ORDER BY id LIMIT 1")).scalar()
        top = c.execute(text("SELECT max(id) FROM ticket")).scalar()
        count = c.execute(text("SELECT count(*) FROM ticket")).scalar()
    engine.dispose()
    return queue_id, top // 2, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--gunicorn", action="store_true")
    parser.add_argument("--port", type=int, default=5190)
    args = parser.parse_args()
    if args.gunicorn:
        with_gunicorn(args.url, args.runs, args.port)
    else:
        in_process(args.url, args.runs)


if __name__ == "__main__":
    main()
