"""Agents marking themselves away or present; away agents get no automatic assignments."""

from __future__ import annotations

from datetime import datetime

from servicedesk.infra.extensions import db
from servicedesk.models import User


def set_away(user: User, away: bool, *, now: datetime) -> None:
    """Away agents are skipped by round-robin and least-loaded assignment until they return."""
    user.away = away
    db.session.flush()
