"""A report's cost follows its period, not the database: on SQLite, the work the database
does for last month's report (virtual-machine steps) hardly changes when ten times as many
older tickets are added, and no query of the page reads a whole ticket or timer table."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from servicedesk.domain.reports import build_report
from servicedesk.infra.extensions import db
from tests.reports.generated import NOW, generate, periods

OLD_HISTORY = NOW - timedelta(days=4 * 365)  # before the 12 months of the trend
BIG_TABLES = "ticket|sla_timer|ticket_history|survey_response|comment"
FULL_READ = re.compile(
    rf"^(SCAN ({BIG_TABLES})\b|SEARCH ({BIG_TABLES}) USING (COVERING )?INDEX \w+ \(kind=\?\)$)"
)


@pytest.fixture
def sqlite_only(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("counts SQLite's virtual-machine steps")


def _steps(user, period) -> int:
    raw = db.session.connection().connection.dbapi_connection
    counter = {"n": 0}

    def count():
        counter["n"] += 1
        return 0

    raw.set_progress_handler(count, 100)
    try:
        build_report(user, period, now=NOW)
    finally:
        raw.set_progress_handler(None, 100)
    return counter["n"]


@pytest.mark.parametrize("period_name", ["last_month", "year"])
def test_fixed_period_costs_the_same_with_ten_times_the_history(sqlite_only, app, org, period_name):
    generate(org.employee.id, tickets=300)
    period = periods()[period_name]
    build_report(org.admin, period, now=NOW)  # warm the statement caches
    before = _steps(org.admin, period)
    generate(org.employee.id, tickets=3000, seed=15, now=OLD_HISTORY, statuses=("closed",))
    after = _steps(org.admin, period)
    assert before > 0
    assert after <= 1.5 * before, (before, after)


def test_no_query_of_the_page_reads_a_whole_table(sqlite_only, app, org, manager_of):
    generate(org.employee.id, tickets=200)
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        for viewer in (org.admin, manager_of(org.soc)):
            build_report(viewer, periods()["year"], now=NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    conn = db.session.connection()
    full = []
    for statement, parameters in statements:
        if not statement.lstrip().upper().startswith(("SELECT", "(SELECT", "WITH")):
            continue
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        full += [(row[3], statement[:200]) for row in plan if FULL_READ.match(row[3])]
    assert full == []
