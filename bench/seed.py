"""Seed a database with N tickets shaped like a real desk, by bulk inserts (no ORM per row).

Shape: the peer's (8 queues, the biggest holding 30 %; ~35 % new/open/pending, ~15 %
resolved, ~50 % closed; 1–3 comments a ticket) **plus** what a real desk of this one has:
three SLA timers per ticket (first response, resolution, the queue's OLA) in their real
states — running with a deadline ahead, paused while waiting for the requester, met, breached
(stopped late, or still running past the deadline) — with their start/breach/stop events,
status history (registration, resolution, closing, ~4 % reopened and resolved again), survey
answers for ~30 % of resolved tickets, an agent, a requester and a manager (IT unit: sees the
whole organisation) who can sign in.

Tickets arrive at a steady rate (`--per-day`, default 274 a day = 100,000 a year), so a bigger
database holds a longer history, not a busier month: 10k tickets are 36 days, 100k a year,
1M ten years. That is how a desk's database grows, and it is what "a fixed period costs the
same at every size" means.

    .venv/bin/python bench/seed.py --url sqlite:////tmp/bench.db --tickets 100000

Rows go in through core `executemany` in batches (SQLite) or `COPY` (PostgreSQL).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from config import TestingConfig  # noqa: E402
from servicedesk import create_app  # noqa: E402
from servicedesk.demo.sla import DEFAULT_TARGETS, default_policy, office_calendar  # noqa: E402
from servicedesk.domain.reports.figures import rebuild  # noqa: E402
from servicedesk.infra.extensions import db  # noqa: E402
from servicedesk.models import (  # noqa: E402
    Comment,
    Queue,
    QueueMember,
    Service,
    SlaEvent,
    SlaTimer,
    SurveyResponse,
    Ticket,
    TicketHistory,
    Unit,
    User,
    UserRole,
)
from servicedesk.models.report_figures import drop_trigger_ddl, trigger_ddl  # noqa: E402

QUEUE_WEIGHTS = [30, 16, 12, 11, 10, 9, 7, 5]
BATCH = 5000
PASSWORD = "benchmark-password"
AGENT = "agent@bench.example"
MANAGER = "manager@bench.example"
REQUESTER = "e1@bench.example"
PER_DAY = 274


def build_org(now: datetime) -> dict:
    it = Unit(name="IT-enheten", kind="it_unit", short_name="IT")
    db.session.add(it)
    db.session.flush()
    queues = [Queue(name=f"Kö {i + 1}", unit_id=it.id, is_central=(i == 0)) for i in range(8)]
    db.session.add_all(queues)
    password = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    agent = User(email=AGENT, name="Bench Agent", unit_id=it.id, locale="sv")
    agent.password_hash = password
    agent.role_rows = [UserRole(role="agent")]
    manager = User(email=MANAGER, name="Bench Chef", unit_id=it.id, locale="sv")
    manager.password_hash = password
    manager.role_rows = [UserRole(role="manager")]
    lead = User(email="lead@bench.example", name="Köledare", unit_id=it.id, locale="en")
    lead.role_rows = [UserRole(role="agent")]
    employees = [
        User(email=f"e{i}@bench.example", name=f"Anställd {i}", unit_id=it.id, locale="sv")
        for i in range(500)
    ]
    employees[1].password_hash = password
    db.session.add_all([agent, manager, lead, *employees])
    db.session.flush()
    for q in queues:
        q.lead_id = lead.id
        db.session.add(QueueMember(queue_id=q.id, user_id=agent.id))
    services = [
        Service(
            name_sv=f"Tjänst {i}",
            name_en=f"Service {i}",
            owner_unit_id=it.id,
            queue_id=queues[i % 8].id,
            administrator_id=agent.id,
            deputy_id=employees[2 + i].id,
        )
        for i in range(16)
    ]
    db.session.add_all(services)
    calendar = office_calendar(years=range(now.year - 11, now.year + 3))
    default_policy()
    db.session.commit()
    return {
        "queues": [q.id for q in queues],
        "agent": agent.id,
        "employees": [u.id for u in employees],
        "services": [(s.id, s.queue_id) for s in services],
        "calendar": calendar.id,
    }


class Writer:
    """Bulk rows per table: COPY on PostgreSQL, core executemany elsewhere."""

    def __init__(self) -> None:
        self.rows: dict = {}
        self.pg = db.engine.dialect.name == "postgresql"

    def add(self, model, row: dict) -> None:
        self.rows.setdefault(model, []).append(row)

    def flush(self) -> None:
        for model, rows in self.rows.items():
            if self.pg:
                self._copy(model.__table__, rows)
            else:
                db.session.execute(insert(model.__table__), rows)
        db.session.commit()
        self.rows = {}

    def _copy(self, table, rows: list[dict]) -> None:
        columns = list(rows[0])
        raw = db.session.connection().connection.dbapi_connection
        names = ", ".join(f'"{c}"' for c in columns)
        with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([_pg(row[c]) for c in columns])


def _pg(value):
    return json.dumps(value) if isinstance(value, dict) else value


def timer_rows(ticket: dict, kind: str, target: int, stop, queue_id, rng, now, ids) -> dict:
    """One timer in a real state, plus its events. Business minutes are drawn, not computed:
    reports read the stored columns, and the desk recomputes running timers itself."""
    created = ticket["created_at"]
    tid = next(ids)
    base = {
        "id": tid,
        "ticket_id": ticket["id"],
        "kind": kind,
        "queue_id": queue_id,
        "calendar_id": ticket["_calendar"],
        "policy_id": 1,
        "target_minutes": target,
        "warn_percent": 80,
        "started_at": created,
        "escalate": True,
        "warned_at": None,
        "breached_at": None,
        "met_at": None,
        "next_event_at": None,
        "due_at": None,
        "warn_at": None,
    }
    # Wall time of a deadline: business minutes at ~9 h a day, 5 days a week.
    due = created + timedelta(minutes=target * 24 * 7 / (9 * 5))
    warn = created + (due - created) * 0.8
    events = [("start", created)]
    if stop is not None:
        elapsed = target * math.exp(rng.gauss(-0.6, 0.55))  # ~14 % over target
        late = elapsed > target
        base.update(
            state="breached" if late else "met",
            elapsed_minutes=round(elapsed, 1),
            elapsed_as_of=stop,
            met_at=stop,
        )
        if elapsed > target * 0.8:
            base["warned_at"] = min(warn, stop)
        if late:
            base["breached_at"] = min(due, stop - timedelta(minutes=1))
            events.append(("breach", base["breached_at"]))
        events.append(("stop", stop))
    else:
        paused = ticket["status"] == "pending" and kind != "first_response"
        past_due = due <= now
        base.update(
            state="breached" if past_due else ("paused" if paused else "running"),
            elapsed_minutes=round(rng.uniform(0, target * 0.5), 1) if paused else 0.0,
            elapsed_as_of=created + timedelta(hours=2) if paused else created,
            due_at=None if paused else due,
            warn_at=None if paused else warn,
        )
        if past_due:
            base.update(breached_at=due, warned_at=warn, due_at=due, warn_at=warn)
            events.append(("breach", due))
        elif not paused:
            base["next_event_at"] = warn if warn > now else due
            if warn <= now:
                base["warned_at"] = warn
        if paused:
            events.append(("pause", base["elapsed_as_of"]))
    return base, events


def seed(url: str, n: int, per_day: int = PER_DAY, seed_value: int = 1) -> None:
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    rng = random.Random(seed_value)
    now = datetime.now(UTC).replace(microsecond=0)
    span = n / per_day * 86400
    with app.app_context():
        db.drop_all()
        db.create_all()
        # Bulk load without the report's triggers, then one rebuild (`flask reports rebuild`)
        # and the triggers back: what an import of history should do.
        for statement in drop_trigger_ddl(db.engine.dialect.name):
            db.session.execute(db.text(statement))
        org = build_org(now)
        services, agent_id = org["services"], org["agent"]
        started = time.perf_counter()
        writer = Writer()
        timer_ids = iter(range(1, 10 * n + 10))
        for tid in range(1, n + 1):
            created = now - timedelta(seconds=rng.uniform(60, span))
            queue_id = rng.choices(org["queues"], weights=QUEUE_WEIGHTS)[0]
            service_id = rng.choice([s for s, q in services if q == queue_id] or [None])
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
            impact, urgency = rng.randint(1, 3), rng.randint(1, 3)
            priority = min(4, impact + urgency - 1)
            fr_target, res_target = DEFAULT_TARGETS[priority]
            answered = None if status == "new" else created + timedelta(minutes=rng.uniform(5, 900))
            resolved = None if is_open else created + timedelta(hours=rng.uniform(1, 200))
            answered = min(answered, resolved) if answered and resolved else answered
            ticket = {
                "id": tid,
                "type": "incident" if roll % 0.1 < 0.07 else "service_request",
                "title": f"Ärende {tid}: skrivaren fungerar inte",
                "description": "Skrivaren på plan 2 skriver inte ut sedan i morse.",
                "requester_id": rng.choice(org["employees"]),
                "requester_unit_id": None,
                "service_id": service_id,
                "queue_id": queue_id,
                "assignee_id": agent_id if rng.random() < 0.6 else None,
                "created_by_id": None,
                "impact": impact,
                "urgency": urgency,
                "priority": priority,
                "status": status,
                "pending_reason": "requester" if status == "pending" else None,
                "channel": "portal",
                "route_reason": "",
                "due_at": None,
                "created_at": created,
                "updated_at": resolved or answered or created,
                "first_response_at": answered,
                "resolved_at": resolved,
                "closed_at": resolved + timedelta(days=5) if status == "closed" else None,
                "version": 1,
                "_calendar": org["calendar"],
            }
            timers = [
                timer_rows(
                    ticket, "first_response", fr_target, answered, None, rng, now, timer_ids
                ),
                timer_rows(ticket, "resolution", res_target, resolved, None, rng, now, timer_ids),
                timer_rows(ticket, "ola", res_target, resolved, queue_id, rng, now, timer_ids),
            ]
            running = [
                t["due_at"] for t, _ in timers[:2] if t["state"] == "running" and t["due_at"]
            ]
            ticket["due_at"] = min(running) if running else None
            del ticket["_calendar"]
            writer.add(Ticket, ticket)
            for timer, events in timers:
                writer.add(SlaTimer, timer)
                for kind, at in events:
                    once = f"{timer['id']}:{kind}" if kind == "breach" else None
                    writer.add(
                        SlaEvent,
                        {
                            "timer_id": timer["id"],
                            "kind": kind,
                            "at": at,
                            "recorded_at": at,
                            "reason": "",
                            "data": {},
                            "once_key": once,
                        },
                    )
            for k in range(rng.choice([1, 2, 3])):
                writer.add(
                    Comment,
                    {
                        "ticket_id": tid,
                        "author_id": agent_id,
                        "body": "Vi tittar på det.",
                        "internal": k == 2,
                        "source": "portal",
                        "created_at": created + timedelta(minutes=10 * (k + 1)),
                    },
                )
            for at, old, new in _status_history(ticket, rng):
                writer.add(
                    TicketHistory,
                    {
                        "ticket_id": tid,
                        "actor_id": agent_id if new != "new" else None,
                        "at": at,
                        "field": "status" if old else "created",
                        "old_value": old,
                        "new_value": new,
                        "note": "",
                        "internal": False,
                    },
                )
            if resolved and rng.random() < 0.3:
                writer.add(
                    SurveyResponse,
                    {
                        "ticket_id": tid,
                        "rating": rng.choice([3, 4, 4, 5, 5, 5, 2]),
                        "comment": "",
                        "answered_at": resolved + timedelta(hours=20),
                    },
                )
            if tid % BATCH == 0 or tid == n:
                writer.flush()
        loaded = time.perf_counter()
        rebuild()
        for statement in trigger_ddl(db.engine.dialect.name):
            db.session.execute(db.text(statement))
        db.session.commit()
        print(f"report figures rebuilt in {time.perf_counter() - loaded:.0f} s")
        _finish(n)
        print(f"seeded {n} tickets in {time.perf_counter() - started:.0f} s into {url}")
        db.session.remove()
        db.engine.dispose()  # PostgreSQL: a template database must have no sessions


def _status_history(ticket: dict, rng):
    created, resolved = ticket["created_at"], ticket["resolved_at"]
    yield created, None, "new"
    if ticket["status"] == "new":
        return
    yield created + timedelta(minutes=5), "new", "open"
    if ticket["status"] == "pending":
        yield created + timedelta(hours=2), "open", "pending"
    if resolved is None:
        return
    if rng.random() < 0.04:
        first = created + (resolved - created) / 2
        yield first, "open", "resolved"
        yield first + timedelta(minutes=30), "resolved", "open"
    yield resolved, "open", "resolved"
    if ticket["closed_at"]:
        yield ticket["closed_at"], "resolved", "closed"


def _finish(n: int) -> None:
    if db.engine.dialect.name == "postgresql":
        for table in ("ticket", "sla_timer", "sla_event", "comment", "ticket_history"):
            db.session.execute(
                db.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT coalesce(max(id), 1) FROM {table}))"
                )
            )
        db.session.execute(
            db.text(
                "SELECT setval(pg_get_serial_sequence('survey_response', 'id'),"
                " (SELECT coalesce(max(id), 1) FROM survey_response))"
            )
        )
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(db.text("VACUUM ANALYZE"))
    else:
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--per-day", type=int, default=PER_DAY)
    args = parser.parse_args()
    seed(args.url, args.tickets, args.per_day)


if __name__ == "__main__":
    main()
