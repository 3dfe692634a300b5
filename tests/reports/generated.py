"""A generated data set for the reports (a few hundred tickets over 15 months, timers in every
state, reopenings, survey answers), written with core inserts, and the report's figures for
several periods, viewers and languages as one JSON-ready dict.

`tests/reports/golden_figures.json` holds that dict as the previous implementation computed it
(8a9b7ee); test_same_figures compares today's with it.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from servicedesk.domain.reports import sla_report_json
from servicedesk.domain.reports.period import days, preset
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Calendar,
    Queue,
    Service,
    SlaTimer,
    SurveyResponse,
    Ticket,
    TicketHistory,
)

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
KINDS = ("first_response", "resolution", "ola")


def generate(
    requester_id: int,
    tickets: int = 400,
    seed: int = 14,
    *,
    now: datetime = NOW,
    statuses: tuple[str, ...] = ("new", "open", "pending", "resolved", "closed", "closed"),
) -> None:
    """`tickets` tickets created in the 460 days before `now`, in `statuses`."""
    rng = random.Random(seed)
    calendar = Calendar(name=f"Dygnet runt (genererad {seed})", always_open=True)
    db.session.add(calendar)
    db.session.flush()
    queues = list(db.session.scalars(select(Queue.id).order_by(Queue.id)))
    services = [*db.session.scalars(select(Service.id).order_by(Service.id)), None]
    first = (db.session.scalar(select(db.func.max(Ticket.id))) or 0) + 1
    rows, timers, history, surveys = [], [], [], []
    for ticket_id in range(first, first + tickets):
        created = now - timedelta(minutes=rng.randrange(60, 460 * 24 * 60))
        status = rng.choice(statuses)
        resolved = None
        if status in ("resolved", "closed"):
            resolved = min(created + timedelta(minutes=rng.randrange(30, 40 * 24 * 60)), now)
        queue = rng.choice(queues)
        rows.append(
            {
                "id": ticket_id,
                "type": rng.choice(["incident", "service_request"]),
                "title": f"Genererat {ticket_id}",
                "description": "",
                "requester_id": requester_id,
                "service_id": rng.choice(services),
                "queue_id": queue,
                "impact": 2,
                "urgency": 2,
                "priority": rng.randint(1, 4),
                "status": status,
                "channel": "portal",
                "route_reason": "",
                "created_at": created,
                "updated_at": created,
                "resolved_at": resolved,
                "closed_at": resolved + timedelta(days=5) if status == "closed" else None,
                "version": 1,
            }
        )
        for kind in KINDS:
            timers.append(_timer(rng, ticket_id, kind, created, resolved, queue, calendar.id, now))
        if resolved is not None:
            if rng.random() < 0.15:  # resolved once, reopened, resolved again
                earlier = created + (resolved - created) / 3
                history += [
                    _status(ticket_id, "open", "resolved", earlier),
                    _status(ticket_id, "resolved", "open", earlier + timedelta(hours=2)),
                ]
            history.append(_status(ticket_id, "open", "resolved", resolved))
            if rng.random() < 0.08:  # reopened after the last resolution
                history.append(_status(ticket_id, "resolved", "open", resolved + timedelta(days=1)))
            if rng.random() < 0.4:
                surveys.append(
                    {
                        "ticket_id": ticket_id,
                        "rating": rng.randint(1, 5),
                        "comment": "",
                        "answered_at": resolved + timedelta(hours=3),
                    }
                )
    for model, values in ((Ticket, rows), (SlaTimer, timers), (TicketHistory, history)):
        db.session.execute(insert(model.__table__), values)
    if surveys:
        db.session.execute(insert(SurveyResponse.__table__), surveys)
    db.session.commit()


def _timer(rng, ticket_id, kind, created, resolved, queue, calendar_id, now) -> dict:
    target = rng.choice([120, 540, 2700])
    stop = created + timedelta(minutes=rng.randrange(10, 9000))
    if kind != "first_response":
        stop = resolved
    stop = stop if stop is None or stop <= now else None
    roll = rng.random()
    breached = created + timedelta(minutes=target) if roll < 0.3 else None
    if breached is not None and (breached > now or (stop is not None and breached > stop)):
        breached = None
    warned = created + timedelta(minutes=target * 0.8) if roll < 0.45 else None
    if warned is not None and (warned > now or (stop is not None and warned > stop)):
        warned = None
    elapsed = round(rng.uniform(1, 3 * target), 2) if stop else 0.0
    state = "breached" if breached else ("met" if stop else rng.choice(["running", "paused"]))
    return {
        "ticket_id": ticket_id,
        "kind": kind,
        "queue_id": queue if kind == "ola" else None,
        "calendar_id": calendar_id,
        "target_minutes": target,
        "warn_percent": 80,
        "state": state,
        "started_at": created,
        "elapsed_minutes": elapsed,
        "elapsed_as_of": stop or created,
        "met_at": stop,
        "breached_at": breached,
        "warned_at": warned,
        "escalate": False,
    }


def _status(ticket_id, old, new, at) -> dict:
    return {
        "ticket_id": ticket_id,
        "actor_id": None,
        "at": at,
        "field": "status",
        "old_value": old,
        "new_value": new,
        "note": "",
        "internal": False,
    }


def periods() -> dict:
    return {
        "last_month": preset("last_month", now=NOW),
        "this_month": preset("this_month", now=NOW),
        "last_quarter": preset("last_quarter", now=NOW),
        "year": days(date(2025, 11, 26), date(2026, 11, 25)),
        "dst_week": days(date(2026, 3, 23), date(2026, 4, 1)),
    }


def figures(viewers: dict) -> dict:
    """Every figure of the report, per viewer, period and language, without database ids
    (groups are named by their labels), so that two databases can be compared."""
    result = {}
    for who, user in viewers.items():
        for name, period in periods().items():
            for locale in ("sv", "en"):
                data = sla_report_json(user, period, now=NOW, locale=locale)
                result[f"{who}/{name}/{locale}"] = _without_keys(data)
    return result


def _without_keys(value):
    if isinstance(value, dict):
        return {k: _without_keys(v) for k, v in value.items() if k != "key"}
    if isinstance(value, list):
        return [_without_keys(v) for v in value]
    if isinstance(value, float):
        return round(value, 9)
    return value
