"""Seed a database with N tickets shaped like a real desk, fast (Core bulk inserts).

Shape (as in ../shared/docs/performance-targets.md): 8 queues, the biggest holding 30 % of
tickets; ~35 % open/pending, ~15 % resolved, ~50 % closed; two comments per ticket on
average; creation dates spread over `--days` days (default one year).

    .venv/bin/python bench/seed.py --url sqlite:////tmp/bench.db --tickets 100000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from config import TestingConfig  # noqa: E402
from servicedesk import create_app  # noqa: E402
from servicedesk.demo.sla import default_policy, office_calendar  # noqa: E402
from servicedesk.infra.extensions import db  # noqa: E402
from servicedesk.models import (  # noqa: E402
    Comment,
    Queue,
    QueueMember,
    Service,
    Ticket,
    TicketHistory,
    Unit,
    User,
    UserRole,
)

QUEUE_WEIGHTS = [30, 16, 12, 11, 10, 9, 7, 5]
BATCH = 5000


def build_org(now: datetime) -> dict:
    it = Unit(name="IT-enheten", kind="it_unit", short_name="IT")
    db.session.add(it)
    db.session.flush()
    queues = [Queue(name=f"Kö {i + 1}", unit_id=it.id, is_central=(i == 0)) for i in range(8)]
    db.session.add_all(queues)
    agent = User(email="agent@bench.example", name="Bench Agent", unit_id=it.id, locale="sv")
    from werkzeug.security import generate_password_hash

    agent.password_hash = generate_password_hash("benchmark-password", method="pbkdf2:sha256:1000")
    agent.role_rows = [UserRole(role="agent")]
    employees = [
        User(email=f"e{i}@bench.example", name=f"Anställd {i}", unit_id=it.id, locale="sv")
        for i in range(500)
    ]
    db.session.add(agent)
    db.session.add_all(employees)
    db.session.flush()
    for q in queues:
        db.session.add(QueueMember(queue_id=q.id, user_id=agent.id))
    services = [
        Service(
            name_sv=f"Tjänst {i}",
            name_en=f"Service {i}",
            owner_unit_id=it.id,
            queue_id=queues[i % 8].id,
        )
        for i in range(16)
    ]
    db.session.add_all(services)
    # The SLA set-up of a real desk, so filing a ticket starts its timers (bench/create_bench.py).
    office_calendar(years=range(now.year - 2, now.year + 3))
    default_policy()
    db.session.commit()
    return {"queues": queues, "agent": agent, "employees": employees, "services": services}


def seed(url: str, n: int, days: int, seed_value: int = 1) -> None:
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    rng = random.Random(seed_value)
    now = datetime.now(UTC)
    with app.app_context():
        db.drop_all()
        db.create_all()
        org = build_org(now)
        queue_ids = [q.id for q in org["queues"]]
        emp_ids = [u.id for u in org["employees"]]
        svc = [(s.id, s.queue_id) for s in org["services"]]
        agent_id = org["agent"].id
        started = time.perf_counter()
        next_id = 1
        while next_id <= n:
            tickets, comments, history = [], [], []
            for tid in range(next_id, min(n, next_id + BATCH - 1) + 1):
                created = now - timedelta(seconds=rng.randint(0, days * 86400))
                queue_id = rng.choices(queue_ids, weights=QUEUE_WEIGHTS)[0]
                service_id = rng.choice([s for s, q in svc if q == queue_id] or [None])
                roll = rng.random()
                status = (
                    "open"
                    if roll < 0.25
                    else "new"
                    if roll < 0.30
                    else "pending"
                    if roll < 0.35
                    else "resolved"
                    if roll < 0.50
                    else "closed"
                )
                is_open = status in ("new", "open", "pending")
                due = created + timedelta(hours=rng.choice([4, 9, 45, 90])) if is_open else None
                impact, urgency = rng.randint(1, 3), rng.randint(1, 3)
                tickets.append(
                    {
                        "id": tid,
                        "type": "incident" if roll % 0.1 < 0.07 else "service_request",
                        "title": f"Ärende {tid}: skrivaren fungerar inte",
                        "description": "Text",
                        "requester_id": rng.choice(emp_ids),
                        "service_id": service_id,
                        "queue_id": queue_id,
                        "assignee_id": agent_id if rng.random() < 0.6 else None,
                        "impact": impact,
                        "urgency": urgency,
                        "priority": min(4, impact + urgency - 1),
                        "status": status,
                        "pending_reason": "requester" if status == "pending" else None,
                        "channel": "portal",
                        "route_reason": "",
                        "due_at": due,
                        "created_at": created,
                        "updated_at": created,
                        "resolved_at": created + timedelta(hours=5) if not is_open else None,
                        "closed_at": created + timedelta(days=3) if status == "closed" else None,
                        "version": 1,
                    }
                )
                for k in range(rng.choice([1, 2, 3])):
                    comments.append(
                        {
                            "ticket_id": tid,
                            "author_id": agent_id,
                            "body": "Svar",
                            "internal": k == 2,
                            "source": "portal",
                            "created_at": created + timedelta(minutes=10 * (k + 1)),
                        }
                    )
                history.append(
                    {
                        "ticket_id": tid,
                        "actor_id": None,
                        "at": created,
                        "field": "created",
                        "old_value": None,
                        "new_value": f"INC-{tid}",
                        "note": "",
                        "internal": False,
                    }
                )
            db.session.execute(insert(Ticket), tickets)
            db.session.execute(insert(Comment), comments)
            db.session.execute(insert(TicketHistory), history)
            db.session.commit()
            next_id += BATCH
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("SELECT setval('ticket_id_seq', :n)"), {"n": n})
            db.session.commit()
            db.session.execute(db.text("ANALYZE"))
        else:
            db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        print(f"seeded {n} tickets in {time.perf_counter() - started:.1f}s into {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    seed(args.url, args.tickets, args.days)


if __name__ == "__main__":
    main()
