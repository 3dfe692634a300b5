"""The ranges that numbers and times from outside must fall in.

Checked at the edge (URL converters, query parameters, JSON bodies, forms, the CLI), so a
number SQL cannot bind or a date centuries away is a clear 404 or field error, never a 500
or a calendar walked from year 202. docs/api.md documents the same ranges.
"""

from __future__ import annotations

from datetime import UTC, datetime

MAX_ID = 2**31 - 1  # the id columns (PostgreSQL integer)
MAX_PAGE = 100_000
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # no municipality's case history is older
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def valid_id(value: int) -> bool:
    return 1 <= value <= MAX_ID


def in_time_range(value: datetime) -> bool:
    """An aware instant from EARLIEST up to (not including) LATEST."""
    return EARLIEST <= value < LATEST
