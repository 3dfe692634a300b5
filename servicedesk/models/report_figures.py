"""Daily figure tables of the SLA report, kept by database triggers (docs/reports.md).

Three tables of counts per **grain** ('d' a local day, 'w' a local ISO week from Monday,
'm' a local month; `day` is the first day of it) and grouping:

- `report_timer_figure`: decided timers (first response, resolution, OLA) per day of
  their decision instant (`breached_at`, else `met_at`), the ticket's service, queue,
  priority and type, and for OLA timers the timer's own queue: decided, met, breached,
  warned.
- `report_time_bucket`: stopped first-response and resolution timers per day of `met_at`,
  service, queue and bucket of business minutes (`bucket_of`): the percentiles' histogram.
- `report_ticket_figure`: tickets registered (`created_at`), resolved (`resolved_at`) and
  survey answers of the resolved (count and sum of ratings) per day, service and queue;
  and the tickets open now (new, in progress, pending) per registration day, service and
  queue, security incidents apart (`open`, `open_sec`): the backlog by age.

"No service" is stored as 0 (a key column may not be null: the upsert matches on it).

The rows are kept by triggers on `sla_timer`, `ticket` and `survey_response`, in the same
statement as the change they count, on every path (ORM, bulk inserts, raw SQL): a figure is
never stale and always equals a recomputation (`rebuild_sql`; tested with random event
sequences in tests/reports/test_daily_figures.py). Timer kinds other than the three the
report shows are ignored. The local day is Europe/Stockholm: PostgreSQL's `AT TIME ZONE`;
on SQLite the EU rule (summer time from the last Sunday of March to the last Sunday of
October, 01:00 UTC, in force since 1996) written as date arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, Integer, PrimaryKeyConstraint, String, event, text
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.infra.extensions import db

GRAINS = ("d", "w", "m")
# Open tickets (the backlog) by registration day: `open`, and security incidents apart
# (`open_sec`) for readers who may not see them.
OPEN_STATUSES = ("new", "open", "pending")
OPEN_SECURITY = "open_sec"
OPEN_MEASURES = ("open", OPEN_SECURITY)
KINDS = ("first_response", "resolution", "ola")
STOPPED_KINDS = ("first_response", "resolution")
# Histogram buckets of business minutes: (upper bound, width); beyond the last, the last width.
BUCKETS = ((60, 1), (240, 5), (960, 20), (3840, 80), (15360, 320), (None, 1280))


class ReportTimerFigure(db.Model):
    __tablename__ = "report_timer_figure"
    __table_args__ = (
        PrimaryKeyConstraint(
            "grain",
            "day",
            "kind",
            "service_id",
            "queue_id",
            "priority",
            "type",
            "timer_queue_id",
            name="pk_report_timer_figure",
        ),
    )

    grain: Mapped[str] = mapped_column(String(1))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    service_id: Mapped[int] = mapped_column(Integer)  # 0: no service
    queue_id: Mapped[int] = mapped_column(Integer)  # the ticket's current queue
    priority: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(30))
    timer_queue_id: Mapped[int] = mapped_column(Integer)  # an OLA timer's queue, else 0
    decided: Mapped[int] = mapped_column(Integer, default=0)
    met: Mapped[int] = mapped_column(Integer, default=0)
    breached: Mapped[int] = mapped_column(Integer, default=0)
    warned: Mapped[int] = mapped_column(Integer, default=0)


class ReportTimeBucket(db.Model):
    __tablename__ = "report_time_bucket"
    __table_args__ = (
        PrimaryKeyConstraint(
            "grain",
            "day",
            "kind",
            "service_id",
            "queue_id",
            "bucket",
            name="pk_report_time_bucket",
        ),
    )

    grain: Mapped[str] = mapped_column(String(1))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    service_id: Mapped[int] = mapped_column(Integer)
    queue_id: Mapped[int] = mapped_column(Integer)
    bucket: Mapped[int] = mapped_column(Integer)  # lower bound in business minutes
    n: Mapped[int] = mapped_column(Integer, default=0)


class ReportTicketFigure(db.Model):
    __tablename__ = "report_ticket_figure"
    __table_args__ = (
        PrimaryKeyConstraint(
            "grain", "day", "measure", "service_id", "queue_id", name="pk_report_ticket_figure"
        ),
    )

    grain: Mapped[str] = mapped_column(String(1))
    day: Mapped[date] = mapped_column(Date)
    # incoming (created_at), resolved (resolved_at), answered (survey of a resolved ticket),
    # open / open_sec (created_at of a ticket open now: new, in progress, pending)
    measure: Mapped[str] = mapped_column(String(10))
    service_id: Mapped[int] = mapped_column(Integer)
    queue_id: Mapped[int] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int] = mapped_column(Integer, default=0)  # answered: the sum of ratings


FIGURE_TABLES = ("report_timer_figure", "report_time_bucket", "report_ticket_figure")


def bucket_of(minutes: float) -> tuple[int, int]:
    """(lower bound, width) of the histogram bucket holding `minutes` (as the triggers)."""
    for upper, width in BUCKETS:
        if upper is None or minutes < upper:
            return int(minutes // width) * width, width
    raise AssertionError  # the last bucket has no upper bound


# --- SQL, shared by the triggers and the rebuild ----------------------------------------------


def _local(dialect: str, instant: str) -> str:
    if dialect == "postgresql":
        return f"({instant} AT TIME ZONE 'Europe/Stockholm')"
    year = f"substr({instant}, 1, 4)"
    summer = (
        f"{instant} >= date({year} || '-03-25', 'weekday 0') || ' 01:00:00' AND "
        f"{instant} < date({year} || '-10-25', 'weekday 0') || ' 01:00:00'"
    )
    return f"datetime({instant}, CASE WHEN {summer} THEN '+2 hours' ELSE '+1 hours' END)"


def _day(dialect: str, grain: str, instant: str) -> str:
    local = _local(dialect, instant)
    if dialect == "postgresql":
        unit = {"d": "day", "w": "week", "m": "month"}[grain]
        return f"CAST(date_trunc('{unit}', {local}) AS DATE)"
    return {
        "d": f"date({local})",
        "w": f"date({local}, '-6 days', 'weekday 1')",
        "m": f"strftime('%Y-%m-01', {local})",
    }[grain]


def _floor(dialect: str, value: str) -> str:
    if dialect == "postgresql":
        return f"CAST(floor({value}) AS INTEGER)"
    return f"CAST({value} AS INTEGER)"  # minutes are never negative: truncation is floor


def _bucket(dialect: str, minutes: str) -> str:
    parts = []
    for upper, width in BUCKETS:
        lower = f"{_floor(dialect, f'{minutes} / {width}.0')} * {width}"
        parts.append(f"WHEN {minutes} < {upper} THEN {lower}" if upper else f"ELSE {lower}")
    return "CASE " + " ".join(parts) + " END"


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _upsert(table: str, keys: list[tuple[str, str]], sums: list[tuple[str, str]], source: str):
    """INSERT … SELECT … GROUP BY … ON CONFLICT: add the summed values of `source`'s rows
    to the rows of their keys (SQLite and PostgreSQL alike)."""
    names = [name for name, _ in keys + sums]
    inner = ", ".join(f"{expr} AS {name}" for name, expr in keys + sums)
    group = ", ".join(name for name, _ in keys)
    summed = ", ".join([name for name, _ in keys] + [f"SUM({name})" for name, _ in sums])
    update = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name, _ in sums)
    return (
        f"INSERT INTO {table} ({', '.join(names)}) SELECT {summed} FROM (SELECT {inner} "
        f"{source}) x WHERE 1 = 1 GROUP BY {group} ON CONFLICT ({group}) DO UPDATE SET {update}"
    )


@dataclass(frozen=True)
class Rows:
    """Where a statement reads a timer (r), its ticket (t) and a survey answer (s): column
    prefixes (`NEW.` in a trigger, an alias in the rebuild) and the FROM … WHERE text."""

    source: str
    r: str = "r."
    t: str = "t."
    s: str = "s."


def _timer_figures(dialect: str, grain: str, sign: int, rows: Rows) -> str:
    r, t = rows.r, rows.t
    decided_at = f"COALESCE({r}breached_at, {r}met_at)"
    keys = [
        ("grain", f"'{grain}'"),
        ("day", _day(dialect, grain, decided_at)),
        ("kind", f"{r}kind"),
        ("service_id", f"COALESCE({t}service_id, 0)"),
        ("queue_id", f"COALESCE({t}queue_id, 0)"),
        ("priority", f"COALESCE({t}priority, 0)"),
        ("type", f"COALESCE({t}type, '')"),
        ("timer_queue_id", f"CASE WHEN {r}kind = 'ola' THEN COALESCE({r}queue_id, 0) ELSE 0 END"),
    ]
    sums = [
        ("decided", f"{sign}"),
        ("met", f"CASE WHEN {r}breached_at IS NULL THEN {sign} ELSE 0 END"),
        ("breached", f"CASE WHEN {r}breached_at IS NOT NULL THEN {sign} ELSE 0 END"),
        ("warned", f"CASE WHEN {r}warned_at IS NOT NULL THEN {sign} ELSE 0 END"),
    ]
    where = f"{r}kind IN {_in(KINDS)} AND {decided_at} IS NOT NULL"
    return _upsert("report_timer_figure", keys, sums, f"{rows.source} AND {where}")


def _time_buckets(dialect: str, grain: str, sign: int, rows: Rows) -> str:
    r, t = rows.r, rows.t
    keys = [
        ("grain", f"'{grain}'"),
        ("day", _day(dialect, grain, f"{r}met_at")),
        ("kind", f"{r}kind"),
        ("service_id", f"COALESCE({t}service_id, 0)"),
        ("queue_id", f"COALESCE({t}queue_id, 0)"),
        ("bucket", _bucket(dialect, f"{r}elapsed_minutes")),
    ]
    where = f"{r}kind IN {_in(STOPPED_KINDS)} AND {r}met_at IS NOT NULL"
    return _upsert("report_time_bucket", keys, [("n", f"{sign}")], f"{rows.source} AND {where}")


def _ticket_figures(dialect: str, grain: str, sign: int, rows: Rows, measure: str) -> str:
    t = rows.t
    column = "created_at" if measure in ("incoming", "open") else "resolved_at"
    where = f"{t}{column} IS NOT NULL"
    name = f"'{measure}'"
    if measure == "open":  # open now, by registration day; security incidents apart
        name = f"CASE WHEN {t}type = 'security' THEN '{OPEN_SECURITY}' ELSE 'open' END"
        where += f" AND {t}status IN {_in(OPEN_STATUSES)}"
    keys = [
        ("grain", f"'{grain}'"),
        ("day", _day(dialect, grain, f"{t}{column}")),
        ("measure", name),
        ("service_id", f"COALESCE({t}service_id, 0)"),
        ("queue_id", f"COALESCE({t}queue_id, 0)"),
    ]
    amount = f"{sign} * {rows.s}rating" if measure == "answered" else "0"
    sums = [("n", f"{sign}"), ("amount", amount)]
    return _upsert("report_ticket_figure", keys, sums, f"{rows.source} AND {where}")


def _all_grains(make, *args) -> list[str]:
    return [make(grain, *args) for grain in GRAINS]


def timer_statements(dialect: str, sign: int, rows: Rows) -> list[str]:
    return _all_grains(lambda g: _timer_figures(dialect, g, sign, rows)) + _all_grains(
        lambda g: _time_buckets(dialect, g, sign, rows)
    )


def ticket_statements(dialect: str, sign: int, rows: Rows) -> list[str]:
    return [
        _ticket_figures(dialect, g, sign, rows, m)
        for m in ("incoming", "resolved", "open")
        for g in GRAINS
    ]


def open_statements(dialect: str, sign: int, rows: Rows) -> list[str]:
    return _all_grains(lambda g: _ticket_figures(dialect, g, sign, rows, "open"))


def open_backfill_sql(dialect: str) -> list[str]:
    """The open-tickets figures recomputed alone (migration 0031, on a filled database)."""
    return [
        f"DELETE FROM report_ticket_figure WHERE measure IN {_in(OPEN_MEASURES)}",
        *open_statements(dialect, 1, Rows("FROM ticket t WHERE 1 = 1")),
    ]


def survey_statements(dialect: str, sign: int, rows: Rows) -> list[str]:
    return _all_grains(lambda g: _ticket_figures(dialect, g, sign, rows, "answered"))


def rebuild_sql(dialect: str) -> list[str]:
    """Every figure recomputed from the raw rows (`flask reports rebuild`, the migration)."""
    timers = Rows("FROM sla_timer r JOIN ticket t ON t.id = r.ticket_id WHERE 1 = 1")
    tickets = Rows("FROM ticket t WHERE 1 = 1")
    answers = Rows("FROM survey_response s JOIN ticket t ON t.id = s.ticket_id WHERE 1 = 1")
    return [
        *(f"DELETE FROM {table}" for table in FIGURE_TABLES),
        *timer_statements(dialect, 1, timers),
        *ticket_statements(dialect, 1, tickets),
        *survey_statements(dialect, 1, answers),
    ]


# --- triggers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    timing: str  # AFTER / BEFORE
    event: str  # INSERT / UPDATE OF … / DELETE
    when: str  # a condition on OLD/NEW, with {ne} for "differs" (dialect-specific)
    body: tuple[str, ...]


TIMER_COLUMNS = ("kind", "ticket_id", "queue_id", "breached_at", "met_at", "warned_at")
TIMER_VALUE_COLUMNS = (*TIMER_COLUMNS, "elapsed_minutes")
DIM_COLUMNS = ("service_id", "queue_id", "priority", "type")
TIME_COLUMNS = ("created_at", "resolved_at")


def _changed(columns) -> str:
    return "(" + " OR ".join(f"OLD.{c} {{ne}} NEW.{c}" for c in columns) + ")"


def _unchanged(columns) -> str:
    return "(" + " AND ".join(f"NOT (OLD.{c} {{ne}} NEW.{c})" for c in columns) + ")"


def _open_changed() -> str:
    statuses = _in(OPEN_STATUSES)
    return f"((OLD.status IN {statuses}) <> (NEW.status IN {statuses}))"


def _counted(row: str) -> str:
    return f"({row}.breached_at IS NOT NULL OR {row}.met_at IS NOT NULL)"


def triggers(dialect: str) -> list[Trigger]:
    def timer(row: str) -> Rows:  # a timer row (NEW/OLD) and its ticket
        return Rows(f"FROM ticket t WHERE t.id = {row}.ticket_id", r=f"{row}.")

    def ticket_timers(row: str) -> Rows:  # the timers of a ticket row (NEW/OLD)
        return Rows(f"FROM sla_timer r WHERE r.ticket_id = {row}.id", t=f"{row}.")

    def ticket(row: str) -> Rows:
        return Rows(f"FROM (SELECT 1 AS one) one WHERE {row}.id IS NOT NULL", t=f"{row}.")

    def ticket_answer(row: str) -> Rows:
        return Rows(f"FROM survey_response s WHERE s.ticket_id = {row}.id", t=f"{row}.")

    def answer(row: str) -> Rows:
        return Rows(f"FROM ticket t WHERE t.id = {row}.ticket_id", s=f"{row}.")

    def ticket_all(sign: int, row: str) -> list[str]:
        return [
            *timer_statements(dialect, sign, ticket_timers(row)),
            *ticket_statements(dialect, sign, ticket(row)),
            *survey_statements(dialect, sign, ticket_answer(row)),
        ]

    def ticket_own(sign: int, row: str) -> list[str]:
        return [
            *ticket_statements(dialect, sign, ticket(row)),
            *survey_statements(dialect, sign, ticket_answer(row)),
        ]

    updated = f"UPDATE OF {', '.join(TIMER_VALUE_COLUMNS)}"
    return [
        Trigger(
            "report_timer_insert",
            "sla_timer",
            "AFTER",
            "INSERT",
            _counted("NEW"),
            tuple(timer_statements(dialect, 1, timer("NEW"))),
        ),
        Trigger(
            "report_timer_update",
            "sla_timer",
            "AFTER",
            updated,
            f"({_counted('OLD')} OR {_counted('NEW')}) AND {_changed(TIMER_VALUE_COLUMNS)}",
            (
                *timer_statements(dialect, -1, timer("OLD")),
                *timer_statements(dialect, 1, timer("NEW")),
            ),
        ),
        Trigger(
            "report_timer_delete",
            "sla_timer",
            "AFTER",
            "DELETE",
            _counted("OLD"),
            tuple(timer_statements(dialect, -1, timer("OLD"))),
        ),
        Trigger(
            "report_ticket_insert",
            "ticket",
            "AFTER",
            "INSERT",
            "",
            tuple(ticket_own(1, "NEW")),
        ),
        Trigger(
            "report_ticket_dims",
            "ticket",
            "AFTER",
            f"UPDATE OF {', '.join(DIM_COLUMNS + TIME_COLUMNS)}",
            _changed(DIM_COLUMNS),
            (*ticket_all(-1, "OLD"), *ticket_all(1, "NEW")),
        ),
        Trigger(
            "report_ticket_times",
            "ticket",
            "AFTER",
            f"UPDATE OF {', '.join(DIM_COLUMNS + TIME_COLUMNS)}",
            f"{_changed(TIME_COLUMNS)} AND {_unchanged(DIM_COLUMNS)}",
            (*ticket_own(-1, "OLD"), *ticket_own(1, "NEW")),
        ),
        Trigger(  # opened or closed alone: the backlog's figures (the others are unchanged)
            "report_ticket_open",
            "ticket",
            "AFTER",
            "UPDATE OF status",
            f"{_open_changed()} AND {_unchanged(DIM_COLUMNS + TIME_COLUMNS)}",
            (
                *open_statements(dialect, -1, ticket("OLD")),
                *open_statements(dialect, 1, ticket("NEW")),
            ),
        ),
        Trigger(  # before the row goes: its timers and answer first (their own triggers)
            "report_ticket_delete",
            "ticket",
            "BEFORE",
            "DELETE",
            "",
            (
                "DELETE FROM sla_timer WHERE ticket_id = OLD.id",
                "DELETE FROM survey_response WHERE ticket_id = OLD.id",
                *ticket_statements(dialect, -1, ticket("OLD")),
            ),
        ),
        Trigger(
            "report_answer_insert",
            "survey_response",
            "AFTER",
            "INSERT",
            "",
            tuple(survey_statements(dialect, 1, answer("NEW"))),
        ),
        Trigger(
            "report_answer_update",
            "survey_response",
            "AFTER",
            "UPDATE OF rating, ticket_id",
            _changed(("rating", "ticket_id")),
            (
                *survey_statements(dialect, -1, answer("OLD")),
                *survey_statements(dialect, 1, answer("NEW")),
            ),
        ),
        Trigger(
            "report_answer_delete",
            "survey_response",
            "AFTER",
            "DELETE",
            "",
            tuple(survey_statements(dialect, -1, answer("OLD"))),
        ),
    ]


def trigger_ddl(dialect: str) -> list[str]:
    """CREATE statements of every trigger (and, on PostgreSQL, its function)."""
    out = []
    for trig in triggers(dialect):
        ne = "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"
        when = trig.when.replace("{ne}", ne)
        if dialect == "postgresql":
            ret = "OLD" if trig.timing == "BEFORE" else "NULL"
            body = "".join(f"{s};\n" for s in trig.body)
            out.append(
                f"CREATE OR REPLACE FUNCTION {trig.name}() RETURNS trigger LANGUAGE plpgsql "
                f"AS $$ BEGIN\n{body}RETURN {ret}; END $$"
            )
            out.append(f"DROP TRIGGER IF EXISTS {trig.name} ON {trig.table}")
            condition = f" WHEN ({when})" if when else ""
            out.append(
                f"CREATE TRIGGER {trig.name} {trig.timing} {trig.event} ON {trig.table} "
                f"FOR EACH ROW{condition} EXECUTE FUNCTION {trig.name}()"
            )
        else:
            body = "".join(f"{s};\n" for s in trig.body)
            condition = f" WHEN {when}" if when else ""
            out.append(f"DROP TRIGGER IF EXISTS {trig.name}")
            out.append(
                f"CREATE TRIGGER {trig.name} {trig.timing} {trig.event} ON {trig.table} "
                f"FOR EACH ROW{condition} BEGIN\n{body}END"
            )
    return out


def drop_trigger_ddl(dialect: str) -> list[str]:
    out = []
    for trig in triggers(dialect):
        if dialect == "postgresql":
            out.append(f"DROP TRIGGER IF EXISTS {trig.name} ON {trig.table}")
            out.append(f"DROP FUNCTION IF EXISTS {trig.name}()")
        else:
            out.append(f"DROP TRIGGER IF EXISTS {trig.name}")
    return out


@event.listens_for(db.metadata, "after_create")
def _create_triggers(target, connection, **kw) -> None:
    """`create_all` (tests, the bench seed) makes the triggers as the migration does."""
    if not {"sla_timer", "ticket", "survey_response"} <= set(target.tables):
        return
    for statement in trigger_ddl(connection.dialect.name):
        connection.execute(text(statement))
