"""The backlog from the open-ticket figures (whole local days) and the raw partial days at
the age buckets' edges equals counting the open tickets themselves, at any instant (local
midnights, both DST changes), for readers who see security incidents and who do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from servicedesk.domain.reports.flow import AGE_BUCKETS, OPEN, age_condition, backlog
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.infra.extensions import db
from servicedesk.models import Ticket

NOWS = [
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # the hour before summer time
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 4, 28, 1, 30, tzinfo=UTC),  # 30 days after the change
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    datetime(2026, 11, 1, 23, 0, tzinfo=UTC),  # local midnight
    datetime(2026, 11, 24, 23, 0, 0, 1, tzinfo=UTC),  # just after one, 30 days later
    datetime(2026, 12, 7, 13, 17, tzinfo=UTC),
]
EDGES = [0, 1, 3, 7, 30, 45, 400]  # days
# an age: a bucket edge in days, plus or minus a little (to the second), or a local-day shift
age = st.tuples(
    st.sampled_from(EDGES),
    st.sampled_from([-3600, -1, 0, 1, 3600, 43200, -43200]),
)
ticket = st.tuples(
    age,
    st.sampled_from(["new", "open", "pending", "resolved", "closed"]),
    st.booleans(),  # a security incident
    st.integers(0, 1),  # queue
)


def _raw(scope: ReportScope, now: datetime) -> dict:
    """The backlog counted on the tickets (what the page did before the figures)."""
    result = {}
    for key, *_ in AGE_BUCKETS:
        stmt = (
            select(Ticket.queue_id, func.count())
            .where(Ticket.status.in_(OPEN), age_condition(key, now=now), scope.tickets())
            .group_by(Ticket.queue_id)
        )
        for queue_id, n in db.session.execute(stmt):
            result.setdefault(queue_id, dict.fromkeys((b[0] for b in AGE_BUCKETS), 0))[key] = n
    return result


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(now=st.sampled_from(NOWS), tickets=st.lists(ticket, max_size=14))
def test_backlog_equals_counting_the_open_tickets(now, tickets, org, make_ticket):
    try:
        queues = [org.central, org.buf_queue]
        made = []
        for (days, seconds), status, security, queue in tickets:
            created = now - timedelta(days=days, seconds=seconds)
            made.append(
                make_ticket(
                    org.email,
                    queues[queue],
                    created=created,
                    status=status,
                    type_="security" if security else "incident",
                )
            )
        db.session.flush()
        for scope in (ReportScope(None), ReportScope(None, hidden_security=True)):
            rows = backlog(scope, now=now)
            assert {r.key: r.buckets for r in rows} == _raw(scope, now)
            for row in rows:
                assert row.oldest == min(
                    t.created_at
                    for t in made
                    if t.queue_id == row.key
                    and t.status in OPEN
                    and not (scope.hidden_security and t.type == "security")
                )
    finally:
        db.session.rollback()


def test_every_edge_at_every_instant(org, make_ticket):
    """Deterministic: an open ticket at each bucket edge, a second and an hour either side
    and half a day off, for each instant above."""
    offsets = [-43200, -3600, -1, 0, 1, 3600, 43200]
    for now in NOWS:
        try:
            for days in EDGES:
                for i, seconds in enumerate(offsets):
                    make_ticket(
                        org.email,
                        (org.central, org.buf_queue)[i % 2],
                        created=now - timedelta(days=days, seconds=seconds),
                        status=("new", "open", "pending")[i % 3],
                        type_="security" if i == 3 else "incident",
                    )
            db.session.flush()
            for scope in (ReportScope(None), ReportScope(None, hidden_security=True)):
                got = {r.key: r.buckets for r in backlog(scope, now=now)}
                assert got == _raw(scope, now), now
        finally:
            db.session.rollback()
