"""The database side of routing: load the rules (one query), the queues and the service,
then decide — with no tickets and with 20,000 tickets, to show the cost does not grow."""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from config import TestingConfig
from servicedesk import create_app
from servicedesk.domain.routing.router import decide_for
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, RoutingRule, Service, Ticket, Unit, User

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _seed(rule_count: int) -> Ticket:
    unit = Unit(name="IT-enheten", kind="it_unit")
    queues = [Queue(name=f"Kö {i}", unit=unit, is_central=i == 0) for i in range(40)]
    services = [
        Service(name_sv=f"Tjänst {i}", name_en=f"S {i}", owner_unit=unit, queue=queues[i % 40])
        for i in range(200)
    ]
    user = User(email="a@b.se", name="A", unit=unit)
    db.session.add_all([unit, user, *queues, *services])
    db.session.flush()
    db.session.add_all(
        RoutingRule(
            position=i,
            name=f"Regel {i}",
            target_queue=queues[i % 40],
            channel="phone" if i % 3 == 0 else None,
            title_words=f"ord{i}, fras nummer {i}",
        )
        for i in range(rule_count)
    )
    db.session.commit()
    return Ticket(
        type="incident",
        title="Skrivaren skriver ut tomma sidor",
        requester=user,
        requester_unit_id=unit.id,
        service=services[42],
        channel="phone",
        impact=2,
        urgency=2,
        priority=2,
    )


def _add_tickets(template: Ticket, count: int) -> None:
    rows = [
        {
            "type": "incident",
            "title": f"Ärende {i}",
            "description": "",
            "requester_id": template.requester.id,
            "queue_id": template.service.queue_id,
            "service_id": template.service.id,
            "impact": 3,
            "urgency": 3,
            "priority": 4,
            "status": "open",
            "channel": "portal",
            "route_reason": "",
            "created_at": NOW,
            "updated_at": NOW,
            "version": 1,
        }
        for i in range(count)
    ]
    db.session.execute(insert(Ticket), rows)
    db.session.commit()


def _time(ticket: Ticket, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        decide_for(ticket)
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1000


def run(rule_count: int, *, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            db.create_all()
            ticket = _seed(rule_count)
            before = _time(ticket, runs)
            _add_tickets(ticket, 20_000)
            after = _time(ticket, runs)
            db.session.remove()
            db.engine.dispose()
    print(f"with SQLite, loading {rule_count} rules + queues + service and deciding:")
    print(f"median {before:.0f} µs with 0 tickets, {after:.0f} µs with 20,000 tickets")
