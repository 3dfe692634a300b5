"""SLA figures (not a test): deadline arithmetic, an idle tick over many open tickets, and
a tick that processes many due breaches.

    .venv/bin/python bench/sla_bench.py --db sqlite:////tmp/sla_bench.db --tickets 1000000
    .venv/bin/python bench/sla_bench.py --db postgresql+psycopg://postgres@127.0.0.1:55432/sd_sla_bench

Rows are bulk-inserted with core executemany (no ORM, no events), one open ticket with one
running resolution timer each; every timer's next event lies in the future, so an idle
tick has nothing to do. The due-breach run moves N timers' next event into the past.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time as clock
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text, update  # noqa: E402

from config import TestingConfig  # noqa: E402
from servicedesk import create_app  # noqa: E402
from servicedesk.demo.sla import default_policy, office_calendar  # noqa: E402
from servicedesk.domain.sla.calendar import add_business_minutes, bank_half_days, office_hours  # noqa: E402
from servicedesk.domain.sla.watcher import tick  # noqa: E402
from servicedesk.infra.extensions import db  # noqa: E402
from servicedesk.models import Queue, SlaTimer, Ticket, Unit, User  # noqa: E402

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
CHUNK = 20_000


def median_ms(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = clock.perf_counter()
        func()
        times.append((clock.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_deadline(runs: int = 2000) -> float:
    spec = office_hours(short_days=tuple((d, time(14)) for d in bank_half_days(2026)))
    start = datetime(2026, 1, 2, 7, 0, tzinfo=UTC)
    return median_ms(lambda: add_business_minutes(spec, start, 250 * 540), runs)


def _seed(count: int) -> None:
    db.drop_all()
    db.create_all()
    unit = Unit(name="IT", short_name="IT", kind="it_unit")
    db.session.add(unit)
    db.session.flush()
    lead = User(email="lead@example.org", name="Lead", locale="sv")
    db.session.add(lead)
    db.session.flush()
    queue = Queue(name="Servicedesk", unit_id=unit.id, lead_id=lead.id, is_central=True)
    calendar = office_calendar(years=(2026, 2027))
    default_policy()
    db.session.add(queue)
    db.session.commit()
    far = NOW + timedelta(days=30)
    for first in range(1, count + 1, CHUNK):
        ids = range(first, min(first + CHUNK, count + 1))
        db.session.execute(insert(Ticket), [_ticket(i, lead.id, queue.id, far) for i in ids])
        db.session.execute(insert(SlaTimer), [_timer(i, calendar.id, far) for i in ids])
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _ticket(i: int, user_id: int, queue_id: int, due: datetime) -> dict:
    return {
        "id": i,
        "type": "incident",
        "title": f"Ärende {i}",
        "description": "",
        "status": "open",
        "requester_id": user_id,
        "queue_id": queue_id,
        "impact": 2,
        "urgency": 2,
        "priority": 3,
        "channel": "portal",
        "route_reason": "",
        "due_at": due,
        "created_at": NOW,
        "updated_at": NOW,
        "version": 1,
    }


def _timer(i: int, calendar_id: int, due: datetime) -> dict:
    return {
        "id": i,
        "ticket_id": i,
        "kind": "resolution",
        "calendar_id": calendar_id,
        "target_minutes": 45 * 60,
        "warn_percent": 80,
        "state": "running",
        "started_at": NOW,
        "elapsed_minutes": 0.0,
        "elapsed_as_of": NOW,
        "due_at": due,
        "warn_at": due,
        "next_event_at": due,
        "escalate": True,
    }


def _reset_due() -> None:
    """Put every timer's next event back in the future (after a due-breach run)."""
    far = NOW + timedelta(days=30)
    db.session.execute(
        update(SlaTimer)
        .where(SlaTimer.next_event_at <= NOW)
        .values(
            elapsed_minutes=0.0,
            elapsed_as_of=NOW,
            warned_at=None,
            due_at=far,
            warn_at=far,
            next_event_at=far,
        )
    )
    db.session.commit()


def bench_idle_tick(runs: int = 50) -> float:
    def run():
        assert tick(now=NOW) == 0
        db.session.rollback()

    return median_ms(run, runs)


def bench_due_breaches(due: int, runs: int = 3, *, mail: bool = True) -> tuple[float, float]:
    """N timers whose target ran out an hour ago (warned earlier): record and mail each."""
    past = NOW - timedelta(hours=1)  # 10:00 Stockholm, Thursday

    def run():
        db.session.execute(
            update(SlaTimer)
            .where(SlaTimer.id <= due)
            .values(
                elapsed_minutes=45 * 60 - 60,
                elapsed_as_of=past - timedelta(hours=1),
                warned_at=past - timedelta(hours=2),
                warn_at=past - timedelta(hours=2),
                due_at=past,
                next_event_at=past,
                escalate=mail,
            )
        )
        db.session.commit()
        start, cpu = clock.perf_counter(), clock.process_time()
        settled = tick(now=NOW)
        elapsed = (clock.perf_counter() - start, clock.process_time() - cpu)
        db.session.rollback()
        assert settled == due, settled
        _reset_due()
        return elapsed

    results = [run() for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results) * 1000,
        statistics.median(r[1] for r in results) * 1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--due-runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the rows of a previous run")
    args = parser.parse_args()
    print(
        f"machine: {platform.node()} {platform.machine()} {platform.processor() or ''} "
        f"python {platform.python_version()}"
    )
    print(
        f"deadline, one-year horizon (250 working days), median of 2000: {bench_deadline():.3f} ms"
    )
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=args.db)
    with app.app_context():
        start = clock.perf_counter()
        if args.reuse:
            _reset_due()
        else:
            _seed(args.tickets)
        print(
            f"{db.engine.dialect.name}: seeded {args.tickets} open tickets + timers in "
            f"{clock.perf_counter() - start:.0f} s"
        )
        print(f"idle tick, {args.tickets} open, none due, median of 50: {bench_idle_tick():.3f} ms")
        for mail in (True, False):
            wall, cpu = bench_due_breaches(args.due, args.due_runs, mail=mail)
            what = "breach event + escalation mail" if mail else "breach event, no mail"
            print(
                f"tick with {args.due} due breaches ({what} each), "
                f"median of {args.due_runs}: {wall:.0f} ms wall, {cpu:.0f} ms CPU"
            )


if __name__ == "__main__":
    main()
