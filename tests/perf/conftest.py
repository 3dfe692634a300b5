"""Statement counting: the hot paths' query budgets must not grow with the data."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from servicedesk.infra.extensions import db


class Statements(list):
    def touching(self, table: str) -> list[str]:
        return [s for s in self if f" {table} " in f" {s} ".replace("\n", " ")]


@contextmanager
def _recording():
    seen = Statements()

    def record(conn, cursor, statement, params, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def statements():
    """`with statements() as seen:` records the SQL sent inside the block."""
    return _recording
