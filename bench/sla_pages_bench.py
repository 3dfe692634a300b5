"""CPU per request of the pages that show SLA state, and of filing through the portal form.

Standalone and small (the full harness is `make bench`): seeds N tickets with bench/seed.py,
gives every open ticket its three SLA timers as a real desk has them (first response met
or running, resolution and OLA running since the ticket was filed, some paused), then
times each page with the Flask test client in this process (CPU time per request, so other
load on the machine inflates it less than wall time).

    .venv/bin/python bench/sla_pages_bench.py seed --url sqlite:////tmp/sla10k.db --tickets 10000
    .venv/bin/python bench/sla_pages_bench.py run --url sqlite:////tmp/sla10k.db

`run` works on any checkout (copy this file into it): that is how before/after figures are
taken on one database in one run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "benchmark-password"
AGENT, REQUESTER = "agent@bench.example", "e0@bench.example"


def seed_timers(url: str, n: int) -> None:
    from sqlalchemy import insert, select, update
    from werkzeug.security import generate_password_hash

    from bench.seed import seed
    from config import TestingConfig
    from servicedesk import create_app
    from servicedesk.infra.extensions import db
    from servicedesk.models import Calendar, SlaEvent, SlaPolicy, SlaTimer, Ticket, User

    seed(url, n, 365)
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    rng = random.Random(7)
    with app.app_context():
        calendar_id = db.session.scalar(select(Calendar.id).where(Calendar.is_default))
        policy_id = db.session.scalar(select(SlaPolicy.id).where(SlaPolicy.is_default))
        requester = db.session.scalar(select(User).where(User.email == REQUESTER))
        requester.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        rows = db.session.execute(
            select(Ticket.id, Ticket.created_at, Ticket.status, Ticket.queue_id)
        ).all()
        timers, events, next_id = [], [], 1
        for ticket_id, created, status, queue_id in rows:
            open_ = status in ("new", "open", "pending")
            for kind, target in (("first_response", 60), ("resolution", 2400), ("ola", 1200)):
                met = not open_ or (kind == "first_response" and rng.random() < 0.8)
                paused = open_ and not met and status == "pending"
                timers.append(
                    {
                        "id": next_id,
                        "ticket_id": ticket_id,
                        "kind": kind,
                        "queue_id": queue_id if kind == "ola" else None,
                        "calendar_id": calendar_id,
                        "policy_id": policy_id,
                        "target_minutes": target,
                        "warn_percent": 80,
                        "state": "met" if met else "paused" if paused else "breached",
                        "started_at": created,
                        "elapsed_minutes": float(target) if met else 30.0,
                        "elapsed_as_of": created + timedelta(hours=2) if met else created,
                        "due_at": None if met or paused else created + timedelta(days=2),
                        "breached_at": None if met else created + timedelta(days=2),
                        "met_at": created + timedelta(hours=2) if met else None,
                        "escalate": True,
                    }
                )
                events.append(
                    {"timer_id": next_id, "kind": "start", "at": created, "recorded_at": created}
                )
                next_id += 1
        for i in range(0, len(timers), 5000):
            db.session.execute(insert(SlaTimer), timers[i : i + 5000])
            db.session.execute(insert(SlaEvent), events[i : i + 5000])
        # The requester's cases: some of the open ones, with their page and list.
        db.session.execute(
            update(Ticket).where(Ticket.id % 97 == 0).values(requester_id=requester.id)
        )
        db.session.commit()
        print(f"{len(timers)} timers on {len(rows)} tickets")


def _summary(name: str, wall: list[float], cpu_ms: float) -> None:
    wall.sort()
    p95 = wall[max(0, int(len(wall) * 0.95) - 1)]
    print(
        f"  {name:34s} CPU {cpu_ms:6.2f} ms/req   wall median {statistics.median(wall):6.2f}"
        f" p95 {p95:6.2f} ms"
    )


def run(url: str, runs: int, filings: int) -> None:
    from sqlalchemy import create_engine, text

    from config import TestingConfig
    from servicedesk import create_app

    engine = create_engine(url)
    with engine.connect() as c:
        queue_id = c.execute(text("SELECT id FROM queue ORDER BY id LIMIT 1")).scalar()
        mine = c.execute(
            text(
                "SELECT t.id FROM ticket t JOIN user_account u ON u.id = t.requester_id "
                "WHERE u.email = :e AND t.status = 'open' ORDER BY t.id LIMIT 1"
            ),
            {"e": REQUESTER},
        ).scalar()
    engine.dispose()
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False)

    def timed(client, name, request, n=runs):
        for _ in range(3):
            assert request(client).status_code in (200, 302), name
        wall, started = [], time.process_time()
        for _ in range(n):
            t0 = time.perf_counter()
            response = request(client)
            wall.append((time.perf_counter() - t0) * 1000)
            assert response.status_code in (200, 302), (name, response.status_code)
        _summary(name, wall, (time.process_time() - started) * 1000 / n)

    print(f"{url}: {runs} requests per page, CPU time of this process")
    agent = app.test_client()
    agent.post("/login", data={"email": AGENT, "password": PASSWORD})
    timed(agent, "desk queue list", lambda c: c.get(f"/desk/tickets?queue={queue_id}"))
    timed(agent, "desk queue list, all my queues", lambda c: c.get("/desk/tickets"))
    timed(agent, "ticket page (staff)", lambda c: c.get(f"/desk/tickets/{mine}"))
    with app.app_context():
        from bench.pages_bench import api_token

    secret = api_token(url)
    api = {"Authorization": f"Bearer {secret}"}
    timed(
        agent,
        "API queue list (open, 25)",
        lambda c: c.get(f"/api/v1/tickets?queue={queue_id}&status=open", headers=api),
    )
    requester = app.test_client()
    requester.post("/login", data={"email": REQUESTER, "password": PASSWORD})
    timed(requester, "portal list (requester)", lambda c: c.get("/portal/"))
    timed(requester, "ticket page (requester)", lambda c: c.get(f"/portal/tickets/{mine}"))
    form = {
        "ticket_type": "incident",
        "service": "1",
        "title": "Skrivaren fungerar inte",
        "description": "Den blinkar rött.",
        "impact": "2",
        "urgency": "2",
    }
    timed(
        requester,
        "filing through the portal form",
        lambda c: c.post("/portal/new", data=form),
        n=filings,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["seed", "run"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--filings", type=int, default=200)
    args = parser.parse_args()
    if args.command == "seed":
        seed_timers(args.url, args.tickets)
    else:
        run(args.url, args.runs, args.filings)


if __name__ == "__main__":
    main()
