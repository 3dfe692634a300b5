"""The JSON forms every area's answers share: times as ISO 8601 UTC, people, named references."""

from __future__ import annotations

from datetime import datetime

from servicedesk.models import User
from servicedesk.models.base import as_utc


def iso(value: datetime | None) -> str | None:
    return as_utc(value).isoformat() if value is not None else None


def person(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"id": user.id, "name": user.name, "email": user.email}


def ref(obj, name: str) -> dict | None:
    return None if obj is None else {"id": obj.id, "name": name}
