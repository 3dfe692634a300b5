"""The daily figure tables equal a full recomputation after any sequence of changes.

The triggers keep `report_timer_figure`, `report_time_bucket` and `report_ticket_figure`
on every write to timers, tickets and survey answers; `rebuild` recomputes them from the
raw rows. Random sequences of the writes the desk makes (timers decided, breached late,
reopened, warned, retargeted; tickets moved between queues and services, reprioritised,
resolved, reopened, opened and closed (the backlog's figures), made security incidents; answers given, changed, withdrawn; tickets deleted) must leave the
tables exactly as a rebuild would.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from servicedesk.domain.reports.figures import (
    cover,
    percentile_from_buckets,
    rebuild,
    snapshot,
)
from servicedesk.domain.reports.times import interpolate
from servicedesk.infra.extensions import db
from servicedesk.models import SlaTimer, SurveyResponse, Ticket
from servicedesk.models.report_figures import bucket_of
from servicedesk.models.sla import Calendar

# instants around both DST changes of 2026 and a month end, in UTC
INSTANTS = [
    datetime(2026, 3, 28, 22, 59, tzinfo=UTC),
    datetime(2026, 3, 28, 23, 0, tzinfo=UTC),
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 3, 31, 21, 59, 59, tzinfo=UTC),
    datetime(2026, 3, 31, 22, 0, tzinfo=UTC),
    datetime(2026, 10, 24, 22, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 59, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 31, 22, 59, 59, tzinfo=UTC),
    datetime(2026, 10, 31, 23, 0, tzinfo=UTC),
    datetime(2026, 12, 31, 22, 59, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 0, tzinfo=UTC),
]
KINDS = ["first_response", "resolution", "ola"]
STATUSES = ["new", "open", "pending", "resolved", "closed"]

instant = st.sampled_from(INSTANTS) | st.none()
op = st.one_of(
    st.tuples(st.just("timer"), st.integers(0, 5), st.sampled_from(KINDS), instant, instant),
    st.tuples(st.just("decide"), st.integers(0, 20), instant, instant, instant),
    st.tuples(st.just("elapsed"), st.integers(0, 20), st.floats(0, 30000)),
    st.tuples(st.just("move"), st.integers(0, 5), st.integers(0, 2), st.integers(0, 2)),
    st.tuples(st.just("priority"), st.integers(0, 5), st.integers(1, 4)),
    st.tuples(st.just("resolve"), st.integers(0, 5), instant),
    st.tuples(st.just("status"), st.integers(0, 5), st.sampled_from(STATUSES), instant),
    st.tuples(st.just("security"), st.integers(0, 5), st.booleans()),
    st.tuples(st.just("answer"), st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.just("delete"), st.integers(0, 5)),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op, max_size=25))
def test_tables_equal_a_rebuild_after_random_changes(ops, org, make_ticket):
    try:
        calendar = Calendar(name="Figurtestets dygn", always_open=True)
        db.session.add(calendar)
        services = [None, org.email, org.care]
        queues = [org.central, org.buf_queue]
        tickets = [
            make_ticket(services[i % len(services)], queues[i % 2], created=INSTANTS[i])
            for i in range(4)
        ]
        ticket_ids = [ticket.id for ticket in tickets]
        for action, *args in ops:
            _apply(action, args, ticket_ids, services, queues, calendar)
            db.session.flush()
        got = snapshot()
        rebuild()
        assert snapshot() == got
    finally:
        db.session.rollback()  # each example starts from the same database


def _apply(action, args, ticket_ids, services, queues, calendar):  # noqa: C901 (one branch a kind)
    alive = [id_ for id_ in ticket_ids if db.session.get(Ticket, id_) is not None]
    timers = list(db.session.scalars(select(SlaTimer).order_by(SlaTimer.id)))
    if action == "timer" and alive:
        index, kind, breached, met = args
        db.session.add(
            SlaTimer(
                ticket_id=alive[index % len(alive)],
                kind=kind,
                queue_id=queues[index % 2].id if kind == "ola" else None,
                calendar_id=calendar.id,
                target_minutes=60,
                state="breached" if breached else ("met" if met else "running"),
                started_at=INSTANTS[0],
                elapsed_minutes=float(index * 97),
                elapsed_as_of=INSTANTS[0],
                breached_at=breached,
                met_at=met,
            )
        )
    elif action == "decide" and timers:
        index, breached, met, warned = args
        timer = timers[index % len(timers)]
        timer.breached_at, timer.met_at, timer.warned_at = breached, met, warned
    elif action == "elapsed" and timers:
        index, minutes = args
        timers[index % len(timers)].elapsed_minutes = minutes
    elif action == "move" and alive:
        index, service, queue = args
        db.session.execute(
            update(Ticket)
            .where(Ticket.id == alive[index % len(alive)])
            .values(
                service_id=services[service % len(services)].id
                if services[service % len(services)]
                else None,
                queue_id=queues[queue % 2].id,
            )
        )
    elif action == "priority" and alive:
        index, priority = args
        db.session.execute(
            update(Ticket).where(Ticket.id == alive[index % len(alive)]).values(priority=priority)
        )
    elif action == "resolve" and alive:
        index, at = args
        db.session.execute(
            update(Ticket).where(Ticket.id == alive[index % len(alive)]).values(resolved_at=at)
        )
    elif action == "status" and alive:
        # alone (the backlog's trigger), or with the resolution instant as resolving does
        index, status, at = args
        values = {"status": status}
        if at is not None:
            values["resolved_at"] = at
        db.session.execute(
            update(Ticket).where(Ticket.id == alive[index % len(alive)]).values(**values)
        )
    elif action == "security" and alive:
        index, security = args
        db.session.execute(
            update(Ticket)
            .where(Ticket.id == alive[index % len(alive)])
            .values(type="security" if security else "incident")
        )
    elif action == "answer" and alive:
        index, rating = args
        ticket_id = alive[index % len(alive)]
        existing = db.session.scalar(
            select(SurveyResponse).where(SurveyResponse.ticket_id == ticket_id)
        )
        if rating == 0 and existing is not None:
            db.session.delete(existing)
        elif existing is not None:
            existing.rating = rating
        elif rating:
            db.session.add(SurveyResponse(ticket_id=ticket_id, rating=rating))
    elif action == "delete" and alive:
        # The application never deletes a ticket (records' guard refuses it in the ORM); a
        # raw delete past the session still reaches the triggers, and is what this covers.
        db.session.connection().execute(
            delete(Ticket).where(Ticket.id == alive[args[0] % len(alive)])
        )
        db.session.expire_all()


def test_local_days_weeks_and_months_on_dst_days(org, make_ticket):
    """The database's local day, week and month of an instant are Stockholm's (zoneinfo)."""
    from servicedesk.domain.reports.period import LOCAL

    for at in INSTANTS:
        db.session.connection().execute(delete(Ticket))  # past the ORM's no-delete guard
        make_ticket(None, org.central, created=at)
        rows = db.session.execute(
            db.text(
                "SELECT grain, day FROM report_ticket_figure WHERE measure = 'incoming' AND n > 0"
            )
        ).all()
        local = at.astimezone(LOCAL).date()
        expected = {
            ("d", local),
            ("w", local - timedelta(days=local.weekday())),
            ("m", local.replace(day=1)),
        }
        assert {(g, date.fromisoformat(str(d))) for g, d in rows} == expected, at


@given(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.integers(1, 800))
def test_cover_is_exactly_the_days(first, length):
    after = first + timedelta(days=length)
    keys = cover(first, after)
    days = []
    for grain, start in keys:
        if grain == "m":
            end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
            assert start.day == 1
        elif grain == "w":
            end = start + timedelta(days=7)
            assert start.weekday() == 0
        else:
            end = start + timedelta(days=1)
        days += [start + timedelta(days=i) for i in range((end - start).days)]
    assert days == [first + timedelta(days=i) for i in range(length)]
    assert len(keys) <= length // 28 + 25


@given(st.lists(st.floats(0, 50000, allow_nan=False), min_size=1, max_size=60))
def test_bucketed_percentiles_are_within_a_bucket_of_the_exact(values):
    histogram: dict[int, int] = {}
    for v in values:
        lower, _width = bucket_of(v)
        histogram[lower] = histogram.get(lower, 0) + 1
    ordered = sorted(values)
    for tenths in (5, 9):
        exact = interpolate(ordered, len(ordered), tenths)
        approx = percentile_from_buckets(sorted(histogram.items()), tenths)
        _lower, width = bucket_of(exact)
        assert abs(approx - exact) <= bucket_of(max(ordered))[1] + width


def test_flask_reports_rebuild_recomputes_lost_figures(app, org, make_ticket):
    """After rows were changed with the triggers bypassed (here: figures wiped), the command
    puts back exactly what the triggers had kept."""
    make_ticket(org.email, org.central, created=INSTANTS[3], resolved_at=INSTANTS[5])
    db.session.commit()
    kept = snapshot()
    assert kept["report_ticket_figure"]  # registered and resolved, three grains each
    db.session.execute(db.text("DELETE FROM report_ticket_figure"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["reports", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "rebuilt" in result.output
    db.session.expire_all()
    assert snapshot() == kept


def test_the_migrations_leave_every_trigger_in_place(tmp_path):
    """`flask db upgrade` ends with all the figure triggers. A later migration that rebuilds
    `ticket`, `sla_timer` or `survey_response` (SQLite batch mode copies the table) drops
    their triggers: it must create them again (`trigger_ddl`), or this test fails."""
    from flask_migrate import upgrade

    from config import TestingConfig
    from servicedesk import create_app
    from servicedesk.infra.migrations import init_migrations
    from servicedesk.models.report_figures import triggers

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}")
    init_migrations(app)
    with app.app_context():
        upgrade()
        names = set(
            db.session.scalars(db.text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        )
        db.session.remove()
        db.engine.dispose()
    assert {t.name for t in triggers("sqlite")} <= names
