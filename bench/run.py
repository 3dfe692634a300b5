"""`make bench`: seed a database of a given size, serve it with gunicorn and time what users
wait for — for this checkout and, with --old, another one (say the previous version, from
`git worktree add /tmp/old <commit>`) on a copy of the same data, interleaved in one run.

    .venv/bin/python bench/run.py --size 100000 --db sqlite [--old /tmp/old] [--runs 20]

- Seeding: bench/seed.py (bulk inserts: executemany on SQLite, COPY on PostgreSQL); a seeded
  database is kept under /tmp/sd-bench and reused while its size matches. The old code gets
  a copy without the indexes its models do not declare.
- Serving: gunicorn from the checkout, production settings (SERVICEDESK_ENV=production),
  2 sync workers, the project's gunicorn.conf.py, a 300 s timeout so that a slow old page is
  measured rather than killed.
- Each request kind is sent `--runs` times after 2 warm-ups, sequentially on a keep-alive
  connection. Figures: the workers' CPU per request (utime + stime of both workers from
  /proc/<pid>/stat, after minus before, divided by the requests), wall median and p95 as the
  client saw them, and the workers' peak RSS (VmHWM) at the end.
- The watcher runs in its own process against the database: an idle tick (nothing due;
  median of 20) and a tick with 10,000 due breaches with their escalation mail (10,000
  timers made due inside a transaction that is rolled back afterwards); CPU of that process
  (on PostgreSQL the server's own CPU is not in it) and wall time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import AGENT, MANAGER, PASSWORD, REQUESTER  # noqa: E402

# BENCH_WORK / BENCH_PORT: a folder and ports of one's own when several people bench at once.
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/sd-bench"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:55433/sd_bench")
_PORT = int(os.environ.get("BENCH_PORT", "5291"))
PORTS = {"new": _PORT, "old": _PORT + 1}
NO_REPORTS = False  # --no-reports


def database_url(db: str, size: int, version: str) -> str:
    if db == "sqlite":
        suffix = "" if version == "new" else "-old"
        return f"sqlite:///{WORK}/bench-{size}{suffix}.db"
    # one database per size (a kept 1M database survives a 10k run), the old code's beside it
    url = PG_URL if size == 10_000 else f"{PG_URL}_{size // 1000}k"
    return url if version == "new" else url + "_old"


def python_for(code: Path) -> list[str]:
    return [str(ROOT / ".venv/bin/python")]


def run_python(code: Path, script: str, *args: str) -> str:
    """Run `script` with the checkout `code` first on the import path; its stdout."""
    env = dict(os.environ, PYTHONPATH=str(code))
    out = subprocess.run(
        [*python_for(code), "-c", script, *args],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return out.stdout


# --- data -----------------------------------------------------------------------------------


def ensure_seeded(db: str, size: int, reseed: bool) -> str:
    """The seeded database of this size, kept under WORK while the data's shape (models,
    seeder) is unchanged; when only the report's figure triggers changed, they are made
    again and the figures rebuilt on the kept data (what a deploy's migration does)."""
    WORK.mkdir(exist_ok=True)
    url = database_url(db, size, "new")
    marker = WORK / f"seeded-{db}-{size}"
    data, figures = _stamps()
    kept = marker.read_text().split() if marker.exists() else []
    if kept[:2] == [str(size), data] and not reseed:
        if kept[2:] != [figures]:
            started = time.perf_counter()
            refresh_figures(url)
            print(f"figure triggers made again, figures rebuilt in"
                  f" {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
            marker.write_text(f"{size} {data} {figures}")
        return url
    if db == "postgresql":
        _pg_recreate(url)
    from bench.seed import seed

    started = time.perf_counter()
    seed(url, size)
    print(f"seeded {size} tickets ({db}) in {time.perf_counter() - started:.0f} s", flush=True)
    marker.write_text(f"{size} {data} {figures}")
    return url


def _stamps() -> tuple[str, str]:
    """Digests of what shapes the seeded data (the models but the figure tables' triggers,
    the seeder) and of the figure triggers (models/report_figures.py)."""
    import hashlib

    def digest(paths) -> str:
        h = hashlib.sha256()
        for path in paths:
            h.update(path.read_bytes())
        return h.hexdigest()[:16]

    models = sorted((ROOT / "servicedesk/models").glob("*.py"))
    figures = ROOT / "servicedesk/models/report_figures.py"
    data = digest([p for p in models if p != figures] + [ROOT / "bench/seed.py"])
    return data, digest([figures])


def refresh_figures(url: str) -> None:
    from config import TestingConfig
    from servicedesk import create_app
    from servicedesk.domain.reports.figures import rebuild
    from servicedesk.infra.extensions import db
    from servicedesk.models.report_figures import drop_trigger_ddl, trigger_ddl

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        dialect = db.engine.dialect.name
        for statement in drop_trigger_ddl(dialect) + trigger_ddl(dialect):
            db.session.execute(db.text(statement))
        rebuild()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _pg_admin(url: str):
    from sqlalchemy import create_engine

    return create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")


def _pg_recreate(url: str, template: str | None = None) -> None:
    from sqlalchemy import text

    name = url.rsplit("/", 1)[1]
    engine = _pg_admin(url)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    engine.dispose()


INDEX_NAMES = """
from servicedesk import models  # noqa
import servicedesk.models.reports  # noqa
from servicedesk.infra.extensions import db
print("\\n".join(sorted(i.name for t in db.metadata.tables.values() for i in t.indexes)))
"""


def copy_for_old(db: str, size: int, old: Path) -> str:
    """A copy of the seeded data for the old code, without the indexes it does not know,
    and with the ones it declares and this checkout changed (same name, other columns)."""
    new_url, old_url = database_url(db, size, "new"), database_url(db, size, "old")
    if db == "sqlite":
        src, dst = new_url.removeprefix("sqlite:///"), old_url.removeprefix("sqlite:///")
        _checkpoint(new_url)
        shutil.copyfile(src, dst)
    else:
        _pg_recreate(old_url, template=new_url.rsplit("/", 1)[1])
    wanted = set(run_python(old, INDEX_NAMES).split())
    script = """
import sys
from sqlalchemy import create_engine, inspect, text
from servicedesk import models  # noqa
import servicedesk.models.reports  # noqa
from servicedesk.infra.extensions import db
engine = create_engine(sys.argv[1])
declared = {i.name: i for t in db.metadata.tables.values() for i in t.indexes}
with engine.begin() as conn:
    insp = inspect(conn)
    for table in insp.get_table_names():
        for ix in insp.get_indexes(table):
            if ix.get("unique") or ix.get("duplicates_constraint"):
                continue
            mine = declared.get(ix["name"])
            if ix["name"] not in declared or (
                mine is not None and [c.name for c in mine.columns] != ix["column_names"]
            ):
                conn.execute(text(f'DROP INDEX "{ix["name"]}"'))
    for name, ix in declared.items():
        if name not in {i["name"] for t in insp.get_table_names() for i in insp.get_indexes(t)}:
            ix.create(conn)
    conn.execute(text("ANALYZE"))
"""
    run_python(old, script, old_url)
    assert wanted  # the old code declares indexes; an empty answer means it did not import
    _old_triggers(old, old_url)
    return old_url


OLD_TRIGGERS = """
import sys
from sqlalchemy import create_engine, text
from servicedesk.models.report_figures import trigger_ddl
engine = create_engine(sys.argv[1])
with engine.begin() as conn:
    for statement in trigger_ddl(engine.dialect.name):
        conn.execute(text(statement))
"""


def _old_triggers(old: Path, url: str) -> None:
    """The old code's own figure triggers on its copy (a write costs what it cost there):
    this checkout's (a superset of the names) dropped, the old ones made."""
    from sqlalchemy import create_engine, text

    from servicedesk.models.report_figures import drop_trigger_ddl

    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in drop_trigger_ddl(engine.dialect.name):
            conn.execute(text(statement))
    engine.dispose()
    run_python(old, OLD_TRIGGERS, url)


def _checkpoint(url: str) -> None:
    import sqlite3

    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


TARGETS = """
import sys, json
from sqlalchemy import create_engine, text
e = create_engine(sys.argv[1])
with e.connect() as c:
    q = lambda s, **k: c.execute(text(s), k).scalar()
    queue = q("SELECT id FROM queue ORDER BY id LIMIT 1")
    top = q("SELECT max(id) FROM ticket")
    req = q("SELECT t.id FROM ticket t JOIN user_account u ON u.id = t.requester_id"
            " WHERE u.email = :e ORDER BY t.id DESC LIMIT 1", e=sys.argv[2])
    service = q("SELECT service_id FROM ticket WHERE service_id IS NOT NULL"
                " GROUP BY service_id ORDER BY count(*) DESC LIMIT 1")
print(json.dumps({"queue": queue, "ticket": top // 2, "requester_ticket": req,
                  "service": service}))
"""

TOKEN = """
import sys
from datetime import UTC, datetime
from config import TestingConfig
from servicedesk import create_app
from servicedesk.domain.identity.api_tokens import create_token
from servicedesk.infra.extensions import db
from servicedesk.models import User
app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=sys.argv[1])
with app.app_context():
    agent = db.session.scalar(db.select(User).where(User.email == sys.argv[2]))
    _, secret = create_token(agent, name="bench", now=datetime.now(UTC))
    db.session.commit()
print(secret)
"""


# --- serving and measuring ------------------------------------------------------------------


@contextmanager
def serve(code: Path, url: str, port: int):
    env = dict(
        os.environ,
        PYTHONPATH=str(code),
        DATABASE_URL=url,
        # production refuses a short or shipped key, and HTTPS-only settings over the
        # harness's plain HTTP unless told this is a bench (SERVICEDESK_INSECURE_HTTP)
        SECRET_KEY=secrets.token_hex(32),
        SERVICEDESK_ENV="production",
        SERVICEDESK_INSECURE_HTTP="1",
        SESSION_COOKIE_SECURE="0",
    )
    command = [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "-w", "2"]
    command += ["-k", "sync", "--timeout", "300", "-b", f"127.0.0.1:{port}", "run:app"]
    log = (WORK / f"gunicorn-{port}.log").open("w")  # why a server did not come up
    proc = subprocess.Popen(command, cwd=code, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            time.sleep(0.3)
            if len(workers(proc)) == 2:
                try:
                    http.client.HTTPConnection("127.0.0.1", port, timeout=5).request("GET", "/")
                    break
                except OSError:
                    continue
        time.sleep(1)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:  # graceful_timeout is 30 s; a loaded machine may need longer to finish
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def workers(proc) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def worker_cpu(proc) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in workers(proc):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def memory_mb(proc) -> dict:
    """The largest worker's peak RSS (VmHWM: every page it maps, shared ones included), and
    its PSS (shared pages split among the processes that map them: what each worker adds to
    the machine's memory) and private (USS) memory now, from /proc/<pid>/smaps_rollup."""
    out = {"hwm": 0, "pss": 0, "private": 0}
    for pid in workers(proc):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM"):
                out["hwm"] = max(out["hwm"], int(line.split()[1]))
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0])
        out["pss"] = max(out["pss"], fields["Pss"])
        out["private"] = max(out["private"], fields["Private_Clean"] + fields["Private_Dirty"])
    return {k: v / 1024 for k, v in out.items()}


class Client:
    """One keep-alive connection with a cookie jar."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.jar: dict[str, str] = {}

    def request(self, method: str, path: str, body=None, headers=None):
        headers = dict(headers or {})
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            r = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            self.conn.request(method, path, body=body, headers=headers)
            r = self.conn.getresponse()
        data = r.read()
        for header in r.msg.get_all("Set-Cookie") or []:
            name, _, value = header.split(";")[0].partition("=")
            if value:
                self.jar[name.strip()] = value
            else:
                self.jar.pop(name.strip(), None)
        return r.status, data

    def login(self, email: str) -> None:
        _, body = self.request("GET", "/login")
        form = {"csrf_token": csrf(body), "email": email, "password": PASSWORD}
        status, _ = self.post_form("/login", form)
        assert status == 302, f"login {email}: {status}"

    def post_form(self, path: str, form: dict):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, urlencode(form), headers)


def csrf(body: bytes) -> str:
    return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode()


def measure(proc, runs: int, send) -> dict:
    for i in range(2):
        send(i)
    walls = []
    before = worker_cpu(proc)
    for i in range(runs):
        started = time.perf_counter()
        send(i + 2)
        walls.append((time.perf_counter() - started) * 1000)
    cpu = (worker_cpu(proc) - before) * 1000 / runs
    walls.sort()
    p95 = walls[min(len(walls) - 1, max(0, round(len(walls) * 0.95) - 1))]
    return {"cpu": cpu, "median": statistics.median(walls), "p95": p95, "n": runs}


def work(targets: dict, token: str, today: date) -> list[tuple[str, str, str, object, int]]:
    """(name, who, method, path or body builder, runs divisor)."""
    q, t = targets["queue"], targets["ticket"]
    year = f"preset=custom&start={today - timedelta(days=365)}&end={today}"
    drill = (
        f"/reports/tickets?preset=last_month&measure=breached&kind=resolution"
        f"&dim=service&key={targets['service']}"
    )
    return [
        ("queue list page (biggest queue)", "agent", "GET", f"/desk/tickets?queue={q}", 1),
        ("queue list API (open, 25)", "api", "GET", f"/api/v1/tickets?queue={q}&status=open", 1),
        ("queue list page 40", "agent", "GET", f"/desk/tickets?queue={q}&page=40", 1),
        ("ticket page, staff", "agent", "GET", f"/desk/tickets/{t}", 1),
        ("ticket page, requester", "requester", "GET", f"/portal/tickets/{targets['requester_ticket']}", 1),
        ("desk dashboard", "agent", "GET", "/desk/", 1),
        ("search (title word)", "agent", "GET", f"/desk/tickets?queue={q}&q=skrivaren", 1),
        ("SLA report, last month", "manager", "GET", "/reports/?preset=last_month", 2),
        ("SLA report, one year", "manager", "GET", f"/reports/?{year}", 4),
        ("report drill-down (breached, one service)", "manager", "GET", drill, 2),
        ("report CSV (compliance by service, month)", "manager", "GET", "/reports/export/compliance-service.csv?preset=last_month", 2),
        ("filing, portal form", "requester", "FORM", "/portal/new", 1),
        ("filing, API", "api", "JSON", "/api/v1/tickets", 1),
    ]  # fmt: skip


def bench_pages(code: Path, url: str, port: int, runs: int) -> tuple[dict, float]:
    targets = json.loads(run_python(code, TARGETS, url, REQUESTER))
    token = run_python(code, TOKEN, url, AGENT).strip()
    today = datetime.now(UTC).date()
    results = {}
    with serve(code, url, port) as proc:
        clients = {}
        for who, email in (("agent", AGENT), ("requester", REQUESTER), ("manager", MANAGER)):
            clients[who] = Client(port)
            clients[who].login(email)
        clients["api"] = Client(port)
        bearer = {"Authorization": f"Bearer {token}"}
        _, page = clients["requester"].request("GET", "/portal/new")
        form_token = csrf(page)
        for name, who, method, path, divisor in work(targets, token, today):
            if NO_REPORTS and "report" in name:
                continue
            client = clients[who]

            def send(i, client=client, method=method, path=path, who=who):
                headers = bearer if who == "api" else {}
                if method == "GET":
                    status, _ = client.request("GET", path, headers=headers)
                    assert status == 200, (path, status)
                elif method == "FORM":
                    form = {
                        "csrf_token": form_token,
                        "ticket_type": "incident",
                        "service": "0",
                        "title": f"Skrivaren på plan {i % 7} fungerar inte",
                        "description": "Den skriver inte ut.",
                        "impact": str(1 + i % 3),
                        "urgency": "3",
                    }
                    # As a browser: the page it is sent to shows (and so removes) the
                    # flashed "registered" message. Without this the session cookie grew
                    # by one message per filing and each POST signed a longer one.
                    jar = dict(client.jar)
                    status, _ = client.post_form(path, form)
                    assert status == 302, (path, status)
                    client.jar = jar
                else:
                    body = json.dumps(
                        {"title": f"Larm {i}", "description": "Disken är full.", "impact": 2}
                    )
                    headers = {**bearer, "Content-Type": "application/json"}
                    status, _ = client.request("POST", path, body, headers)
                    assert status == 201, (path, status)

            results[name] = measure(proc, max(3, runs // divisor), send)
            print(f"    {name}: {fmt(results[name])}", flush=True)
        memory = memory_mb(proc)
    return results, memory


WATCHER = """
import json, statistics, sys, time
from datetime import UTC, datetime, timedelta
from sqlalchemy import select, text, update
from config import TestingConfig
from servicedesk import create_app
from servicedesk.domain.sla.watcher import tick
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, OutboxMessage, SlaTimer
app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=sys.argv[1])
now = datetime.now(UTC).replace(microsecond=0)
out = {}
with app.app_context(), app.test_request_context():
    cpu, wall = [], []
    first = db.session.scalar(select(db.func.min(SlaTimer.next_event_at)))
    quiet = min(now, first - timedelta(seconds=1)) if first else now  # nothing due yet
    for _ in range(20):
        c, w = time.process_time(), time.perf_counter()
        assert tick(now=quiet) == 0
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
        db.session.rollback()
    out["idle"] = {"cpu": statistics.median(cpu), "median": statistics.median(wall), "n": 20}
    # A 24x7 calendar (in this transaction only), so that the breaches fall due at any hour.
    always = Calendar(name="bench 24x7", always_open=True, swedish_holidays=False)
    db.session.add(always)
    db.session.flush()
    ids = list(db.session.scalars(select(SlaTimer.id).order_by(SlaTimer.id.desc()).limit(10000)))
    past = now - timedelta(hours=1)
    db.session.execute(
        update(SlaTimer).where(SlaTimer.id.in_(ids)).values(
            state="running", breached_at=None, met_at=None, escalate=True, calendar_id=always.id,
            elapsed_minutes=SlaTimer.target_minutes - 1, elapsed_as_of=past - timedelta(hours=1),
            warned_at=past - timedelta(hours=2), warn_at=past - timedelta(hours=2),
            due_at=past, next_event_at=past,
        ), execution_options={"synchronize_session": False},
    )
    db.session.flush()
    db.session.expire_all()
    c, w = time.process_time(), time.perf_counter()
    settled = tick(now=now)
    db.session.flush()
    assert settled >= 10000, settled  # plus any seeded timer that has fallen due since
    out["due"] = {"cpu": (time.process_time() - c) * 1000,
                  "median": (time.perf_counter() - w) * 1000, "settled": settled,
                  "mails": db.session.scalar(select(db.func.count()).select_from(OutboxMessage)
                                             .where(OutboxMessage.kind == "sla_breach"))}
    db.session.rollback()
print(json.dumps(out))
"""


def bench_watcher(code: Path, url: str) -> dict:
    return json.loads(run_python(code, WATCHER, url).strip().splitlines()[-1])


# --- output ---------------------------------------------------------------------------------


def fmt(r: dict) -> str:
    if "p95" not in r:
        wall = f", wall {r['median']:.0f} ms" if "median" in r else ""
        return f"{r['cpu']:.1f} ms CPU{wall}"
    return f"{r['cpu']:.1f} ms CPU, wall {r['median']:.0f} ms (p95 {r['p95']:.0f})"


def table(size: int, db: str, results: dict, command: str) -> str:
    versions = list(results)
    head = "| work | " + " | ".join(
        f"{v}: CPU / request | {v}: wall median (p95)" for v in versions
    )
    if "old" in results:
        head += " | old ÷ new CPU"
    lines = [
        f"### {size:,} tickets, {db}",
        "",
        f"`{command}` — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average before:"
        f" {os.getloadavg()[0]:.1f}",
        "",
        head + " |",
        "|---" * (1 + 2 * len(versions) + ("old" in results)) + "|",
    ]
    for name in results["new"]["pages"]:
        cells = []
        for v in versions:
            r = results[v]["pages"][name]
            cells += [f"{r['cpu']:.1f} ms", f"{r['median']:.0f} ms ({r['p95']:.0f})"]
        if "old" in results:
            cells.append(_ratio(results["old"]["pages"][name], results["new"]["pages"][name]))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for key, label in (("idle", "watcher, nothing due (median of 20)"),
                       ("due", "watcher, 10,000 due breaches with mail (one tick)")):  # fmt: skip
        if key == "due":
            label += f" ({results['new']['watcher']['due'].get('mails', 0):,} mails)"
        cells = []
        for v in versions:
            r = results[v]["watcher"][key]
            wall = f"{r['median']:.0f} ms" if "median" in r else "—"
            cells += [f"{r['cpu']:.1f} ms", wall]
        if "old" in results:
            cells.append(_ratio(results["old"]["watcher"][key], results["new"]["watcher"][key]))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for key, label in (("hwm", "worker peak RSS (VmHWM, shared pages counted in full)"),
                       ("pss", "worker PSS (shared pages split) · private (USS)")):  # fmt: skip
        cells = []
        for v in versions:
            memory = results[v]["rss"]
            cell = f"{memory[key]:.0f} MB"
            if key == "pss":
                cell += f" · {memory['private']:.0f} MB"
            cells += [cell, ""]
        if "old" in results:
            old, new = results["old"]["rss"][key], results["new"]["rss"][key]
            cells.append(f"{old / new:.2f}×" if new else "")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _ratio(old: dict, new: dict) -> str:
    return f"{old['cpu'] / new['cpu']:.1f}×" if new["cpu"] > 0 else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--old", type=Path, help="another checkout to measure on the same data")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--no-watcher", action="store_true")
    parser.add_argument(
        "--no-reports",
        action="store_true",
        help="only ticket pages and filing: the peak RSS of a worker that served no report",
    )
    parser.add_argument("--out", type=Path, help="append the markdown table to this file")
    args = parser.parse_args()
    global NO_REPORTS
    NO_REPORTS = args.no_reports
    command = "make bench SIZE={} DB={}{}".format(
        args.size, args.db, f" OLD={args.old}" if args.old else ""
    )
    url = ensure_seeded(args.db, args.size, args.reseed)
    versions = {"new": (ROOT, url)}
    if args.old:
        versions["old"] = (args.old.resolve(), copy_for_old(args.db, args.size, args.old))
    results = {v: {} for v in versions}
    # Interleaved: the pages of both versions, then the watcher of both, so that the load of
    # the shared machine falls on both alike.
    for v, (code, db_url) in versions.items():
        print(f"  pages, {v} ({code})", flush=True)
        results[v]["pages"], results[v]["rss"] = bench_pages(code, db_url, PORTS[v], args.runs)
    for v, (code, db_url) in versions.items():
        if args.no_watcher:
            results[v]["watcher"] = {"idle": {"cpu": 0}, "due": {"cpu": 0}}
            continue
        results[v]["watcher"] = bench_watcher(code, db_url)
        print(f"  watcher, {v}: {results[v]['watcher']}", flush=True)
    text = table(args.size, args.db, results, command)
    print(text)
    if args.out:
        with args.out.open("a") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
