"""A small fixed data set for the reports, with SLA timers written directly.

The SLA engine is built elsewhere; reports read only the timer columns, so the tests set
those columns to known values and compute the expected figures by hand (see test_figures).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from servicedesk.infra.extensions import db
from servicedesk.models import SlaTimer, SurveyResponse, Ticket, TicketHistory
from servicedesk.models.sla import Calendar


def T(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:  # noqa: N802
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def calendar(app):
    cal = Calendar(name="Dygnet runt", always_open=True)
    db.session.add(cal)
    db.session.flush()
    return cal


@pytest.fixture
def make_ticket(org):
    def make(
        service,
        queue,
        *,
        priority=3,
        type_="incident",
        created=None,
        status="open",
        resolved_at=None,
        closed_at=None,
        assignee=None,
        requester=None,
    ):
        ticket = Ticket(
            type=type_,
            title=f"Ärende {service.name_sv if service else ''}",
            requester_id=(requester or org.employee).id,
            service_id=service.id if service else None,
            queue_id=queue.id,
            impact=2,
            urgency=2,
            priority=priority,
            status=status,
            created_at=created,
            updated_at=created,
            resolved_at=resolved_at,
            closed_at=closed_at,
            assignee_id=assignee.id if assignee else None,
        )
        db.session.add(ticket)
        db.session.flush()
        return ticket

    return make


@pytest.fixture
def make_timer(calendar):
    def make(
        ticket, kind, *, elapsed, target, met_at=None, breached_at=None, warned_at=None, queue=None
    ):
        if met_at is not None:
            state = "breached" if breached_at else "met"
        else:
            state = "breached" if breached_at else "running"
        timer = SlaTimer(
            ticket_id=ticket.id,
            kind=kind,
            queue_id=queue.id if queue else None,
            calendar_id=calendar.id,
            target_minutes=target,
            state=state,
            started_at=ticket.created_at,
            elapsed_minutes=elapsed,
            elapsed_as_of=met_at or breached_at or ticket.created_at,
            met_at=met_at,
            breached_at=breached_at,
            warned_at=warned_at,
        )
        db.session.add(timer)
        db.session.flush()
        return timer

    return make


def history(ticket, old, new, at):
    db.session.add(
        TicketHistory(ticket_id=ticket.id, at=at, field="status", old_value=old, new_value=new)
    )


class Dataset:
    """Nine tickets around November 2026 (figures computed by hand in the tests)."""

    def __init__(self, org, make_ticket, make_timer, make_service):
        self.network = make_service("Nätverk", org.it, common=True)
        fr, res, ola = "first_response", "resolution", "ola"
        t = self.t = {}
        t[1] = make_ticket(
            self.network,
            org.central,
            created=T(11, 2),
            status="closed",
            resolved_at=T(11, 5),
            closed_at=T(11, 8),
        )
        make_timer(t[1], fr, elapsed=30, target=540, met_at=T(11, 3))
        make_timer(t[1], res, elapsed=600, target=2700, met_at=T(11, 5))
        t[2] = make_ticket(
            org.email,
            org.buf_queue,
            priority=2,
            type_="service_request",
            created=T(11, 3),
            status="resolved",
            resolved_at=T(11, 6),
            assignee=org.buf_agent,
        )
        make_timer(
            t[2],
            fr,
            elapsed=150,
            target=120,
            warned_at=T(11, 3, 11),
            breached_at=T(11, 4),
            met_at=T(11, 4, 12),
        )
        make_timer(t[2], res, elapsed=400, target=540, warned_at=T(11, 5), met_at=T(11, 6))
        make_timer(t[2], ola, elapsed=20, target=60, met_at=T(11, 3, 12), queue=org.central)
        make_timer(
            t[2],
            ola,
            elapsed=90,
            target=60,
            breached_at=T(11, 5),
            met_at=T(11, 6),
            queue=org.buf_queue,
        )
        t[3] = make_ticket(org.school, org.buf_queue, created=T(11, 9), status="open")
        make_timer(t[3], fr, elapsed=60, target=540, met_at=T(11, 10))
        make_timer(t[3], res, elapsed=2700, target=2700, breached_at=T(11, 12))
        make_timer(t[3], ola, elapsed=30, target=600, met_at=T(11, 9, 15), queue=org.buf_queue)
        t[4] = make_ticket(
            org.school,
            org.buf_queue,
            priority=1,
            created=T(11, 10),
            status="closed",
            resolved_at=T(11, 12),
            closed_at=T(11, 13),
        )
        make_timer(t[4], fr, elapsed=10, target=30, met_at=T(11, 11))
        make_timer(t[4], res, elapsed=200, target=240, met_at=T(11, 12))
        t[5] = make_ticket(
            org.care,
            org.soc_queue,
            type_="service_request",
            created=T(11, 14),
            status="resolved",
            resolved_at=T(11, 20),
        )
        make_timer(t[5], fr, elapsed=120, target=540, met_at=T(11, 15))
        make_timer(t[5], res, elapsed=1000, target=2700, met_at=T(11, 20))
        make_timer(
            t[5],
            ola,
            elapsed=700,
            target=600,
            breached_at=T(11, 16),
            met_at=T(11, 18),
            queue=org.soc_queue,
        )
        t[6] = make_ticket(org.email, org.buf_queue, priority=4, created=T(10, 15), status="open")
        make_timer(t[6], fr, elapsed=5, target=1080, met_at=T(10, 20))
        make_timer(t[6], res, elapsed=100, target=5400)
        make_timer(t[6], ola, elapsed=99, target=60, breached_at=T(10, 20), queue=org.buf_queue)
        t[7] = make_ticket(
            org.school,
            org.buf_queue,
            created=T(10, 30),
            status="closed",
            resolved_at=T(11, 3),
            closed_at=T(11, 5),
        )
        # Breached 23:30 Stockholm on 31 October: an October breach, though stopped in November.
        make_timer(
            t[7], fr, elapsed=600, target=540, breached_at=T(10, 31, 22, 30), met_at=T(11, 2)
        )
        t[8] = make_ticket(org.email, org.central, created=T(11, 26, 8), status="new")
        t[9] = make_ticket(org.email, org.central, created=T(11, 24, 10), status="pending")
        for n, at in ((1, T(11, 5)), (2, T(11, 6)), (4, T(11, 12)), (5, T(11, 20)), (7, T(11, 3))):
            history(t[n], "open", "resolved", at)
        history(t[3], "open", "resolved", T(11, 11))
        history(t[3], "resolved", "open", T(11, 13))
        for n, rating in ((1, 5), (4, 3), (7, 4)):
            db.session.add(SurveyResponse(ticket_id=t[n].id, rating=rating, answered_at=T(11, 21)))
        db.session.commit()


@pytest.fixture
def data(org, make_ticket, make_timer, make_service) -> Dataset:
    return Dataset(org, make_ticket, make_timer, make_service)


@pytest.fixture
def manager_of(make_user):
    def make(unit):
        return make_user(f"Chef {unit.short_name}", {"manager"}, unit)

    return make
