"""Ticket-creation throughput through the real path, on a seeded database (bench/seed.py).

Every ticket goes through `create_ticket`: validation, routing (rules and catalog), SLA
timers, history, and the requester's confirmation mail in the outbox; one commit each.

Two modes:
- in-process (default): call the domain function in a loop, one transaction per ticket;
  reports tickets/s by wall clock and by this process's CPU time, and per-ticket median/p95.
- `--gunicorn`: serve with gunicorn (2 sync workers) on 127.0.0.1, log in, fetch the CSRF
  token once, then POST the portal form `--tickets` times from `--clients` keep-alive
  connections (threads); reports tickets/s and the workers' peak memory (VmHWM).

    .venv/bin/python bench/create_bench.py --url sqlite:////tmp/bench10k.db --tickets 500
    .venv/bin/python bench/create_bench.py --url ... --gunicorn --clients 4
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages_bench import login, serve, summary, worker_cpu_seconds, worker_memory  # noqa: E402


def in_process(url: str, count: int) -> None:
    from sqlalchemy import func, select

    from config import TestingConfig
    from servicedesk import create_app
    from servicedesk.domain.tickets.lifecycle import create_ticket
    from servicedesk.infra.extensions import db
    from servicedesk.models import OutboxMessage, Service, SlaTimer, User

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        users = list(db.session.scalars(select(User).order_by(User.id).limit(50)))
        services = list(db.session.scalars(select(Service).order_by(Service.id)))
        before = _counts(db, func, select, SlaTimer, OutboxMessage)
        samples = []
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for i in range(count):
            started = time.perf_counter()
            requester = users[i % len(users)]
            create_ticket(
                requester=requester,
                actor=requester,
                title=f"Skrivaren på plan {i % 7} fungerar inte",
                description="Den skriver inte ut.",
                service=services[i % len(services)] if i % 3 else None,
                impact=1 + i % 3,
                urgency=1 + (i // 3) % 3,
                now=datetime.now(UTC),
            )
            db.session.commit()
            samples.append((time.perf_counter() - started) * 1000)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        after = _counts(db, func, select, SlaTimer, OutboxMessage)
        print(f"in-process create_ticket, {url.split('://')[0]}, {count} tickets")
        print(f"  per ticket {summary(samples)}")
        print(f"  {count / wall:7.1f} tickets/s wall   {count / cpu:7.1f} tickets/s CPU")
        print(f"  new SLA timers {after[0] - before[0]}, new outbox mails {after[1] - before[1]}")


def _counts(db, func, select, *models) -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in models)


def with_gunicorn(url: str, count: int, clients: int, port: int) -> None:
    with serve(url, port) as proc:
        per_client = count // clients
        results: list[list[float]] = []

        def client() -> None:
            conn, cookie, token = login(port, "/portal/new")
            samples = []
            for i in range(per_client):
                form = {
                    "csrf_token": token,
                    "ticket_type": "incident",
                    "service": "0",
                    "title": f"Skrivaren på plan {i % 7} fungerar inte",
                    "description": "Den skriver inte ut.",
                    "impact": str(1 + i % 3),
                    "urgency": "3",
                }
                started = time.perf_counter()
                status = post(conn, "/portal/new", form, cookie)
                assert status == 302, status
                samples.append((time.perf_counter() - started) * 1000)
            results.append(samples)

        threads = [threading.Thread(target=client) for _ in range(clients)]
        started, cpu = time.perf_counter(), worker_cpu_seconds(proc)
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        cpu = worker_cpu_seconds(proc) - cpu
        samples = [s for r in results for s in r]
        assert len(samples) == per_client * clients, "a client failed"
        print(f"gunicorn 2 workers, web form, {url.split('://')[0]}, {clients} client(s)")
        print(f"  per POST {summary(samples)}")
        print(
            f"  {len(samples) / wall:7.1f} tickets/s   server CPU "
            f"{cpu * 1000 / len(samples):5.1f} ms/ticket (both workers' CPU: "
            f"{2 * len(samples) / cpu if cpu else 0:5.0f} tickets/s at 2 busy cores)"
        )
        worker_memory(proc)


def post(conn, path: str, form: dict, cookie: str) -> int:
    from urllib.parse import urlencode

    conn.request(
        "POST",
        path,
        body=urlencode(form),
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    response = conn.getresponse()
    response.read()
    return response.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--tickets", type=int, default=500)
    parser.add_argument("--gunicorn", action="store_true")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--port", type=int, default=5190)
    args = parser.parse_args()
    if args.gunicorn:
        with_gunicorn(args.url, args.tickets, args.clients, args.port)
    else:
        in_process(args.url, args.tickets)


if __name__ == "__main__":
    main()
