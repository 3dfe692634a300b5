"""Time the one-year SLA compliance report grouped by service on 1,000,000 tickets.

Seeds tickets over two years with their first-response and resolution timers (bulk core
inserts), then runs `compliance(..., grouped by service)` for the last 365 days several times
and prints the median. Usage:

    .venv/bin/python bench/reports_bench.py --url sqlite:////tmp/reports_bench.db
    .venv/bin/python bench/reports_bench.py --url postgresql+psycopg://postgres@127.0.0.1:55432/sd_reports_bench
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from config import TestingConfig
from servicedesk import create_app
from servicedesk.domain.reports.compliance import compliance
from servicedesk.domain.reports.dimensions import get_dimension
from servicedesk.domain.reports.period import Period
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, Queue, Service, SlaTimer, Ticket, Unit, User

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
BATCH = 20_000


def seed_catalog() -> tuple[list[int], list[int], int, int]:
    it = Unit(name="IT", kind="it_unit")
    db.session.add(it)
    db.session.flush()
    queues = [Queue(name=f"Kö {i}", unit_id=it.id) for i in range(8)]
    db.session.add_all(queues)
    db.session.flush()
    services = [
        Service(name_sv=f"Tjänst {i}", name_en=f"Service {i}", owner_unit_id=it.id)
        for i in range(40)
    ]
    user = User(email="bench@tanum.example", name="Bench")
    calendar = Calendar(name="Dygnet runt", always_open=True)
    db.session.add_all([*services, user, calendar])
    db.session.commit()
    return [q.id for q in queues], [s.id for s in services], user.id, calendar.id


def ticket_rows(first_id, count, queues, services, user_id, rng):
    span = 730 * 24 * 3600
    for ticket_id in range(first_id, first_id + count):
        created = NOW - timedelta(seconds=rng.randrange(span))
        closed = rng.random() < 0.85
        resolved = created + timedelta(hours=rng.randrange(1, 200)) if closed else None
        yield {
            "id": ticket_id,
            "type": "incident",
            "title": "Bench",
            "description": "",
            "requester_id": user_id,
            "service_id": rng.choice(services),
            "queue_id": queues[min(int(rng.expovariate(0.6)), 7)],
            "impact": 2,
            "urgency": 2,
            "priority": rng.randrange(1, 5),
            "status": "closed" if closed else "open",
            "channel": "portal",
            "route_reason": "",
            "created_at": created,
            "updated_at": created,
            "resolved_at": resolved,
            "version": 1,
        }


def timer_rows(tickets, calendar_id, rng):
    for t in tickets:
        for kind, target, stop in (
            ("first_response", 540, t["created_at"] + timedelta(hours=rng.randrange(1, 20))),
            ("resolution", 2700, t["resolved_at"]),
        ):
            late = rng.random() < 0.1
            breached_at = t["created_at"] + timedelta(hours=9) if late else None
            yield {
                "ticket_id": t["id"],
                "kind": kind,
                "calendar_id": calendar_id,
                "target_minutes": target,
                "warn_percent": 80,
                "state": "breached" if late else ("met" if stop else "running"),
                "started_at": t["created_at"],
                "elapsed_minutes": rng.uniform(5, 3000),
                "elapsed_as_of": stop or t["created_at"],
                "met_at": stop,
                "breached_at": breached_at,
                "escalate": False,
                "warned_at": breached_at,
            }


def seed(total: int) -> None:
    queues, services, user_id, calendar_id = seed_catalog()
    rng = random.Random(7)
    for first in range(1, total + 1, BATCH):
        tickets = list(
            ticket_rows(first, min(BATCH, total - first + 1), queues, services, user_id, rng)
        )
        db.session.execute(insert(Ticket.__table__), tickets)
        db.session.execute(insert(SlaTimer.__table__), list(timer_rows(tickets, calendar_id, rng)))
        db.session.commit()
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum would do soon after a bulk load: statistics and the visibility map
        # (so the covering indexes are read without visiting the table).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(db.text("VACUUM ANALYZE"))
    else:
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()


def measure(runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (this process plus, on PostgreSQL, nothing of the server) of
    each run; the CPU figure shows the work when the shared machine is busy."""
    period = Period(NOW - timedelta(days=365), NOW)
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        rows = compliance(ReportScope(None), period, get_dimension("service"))
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    assert len(rows) == 40
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=args.url)
    with app.app_context():
        db.create_all()
        present = db.session.scalar(select(func.count()).select_from(Ticket))
        db.session.commit()  # end the read before drop_all takes its locks (PostgreSQL)
        if present != args.tickets:
            db.drop_all()
            db.create_all()
            started = time.perf_counter()
            seed(args.tickets)
            print(f"seeded {args.tickets} tickets in {time.perf_counter() - started:.0f} s")
        walls, cpus = measure(args.runs)
        print(
            f"{db.engine.dialect.name}: {args.tickets} tickets, compliance by service, one year:"
            f" median {statistics.median(walls) * 1000:.0f} ms (min {min(walls) * 1000:.0f},"
            f" max {max(walls) * 1000:.0f}; client CPU median"
            f" {statistics.median(cpus) * 1000:.0f} ms), {args.runs} runs"
        )


if __name__ == "__main__":
    main()
