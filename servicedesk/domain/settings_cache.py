"""Per-process caches of the settings every new case reads, behind one revision token.

Filing reads the routing rules, the queues, the service picker, the SLA policy and the
calendar. They change only when an admin edits them, so a worker keeps them here as plain
values (never ORM objects, which belong to one session) under the token of
`settings_revision` (see `servicedesk.models.settings_revision`), which every such edit
replaces in its own transaction. One read of the token per transaction decides whether
the kept values still hold; after an edit commits, every worker's next transaction sees
the new token and rebuilds.

A transaction that changed settings itself (flushed or not) neither uses nor keeps an
entry: what it reads is not committed and might be rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models.settings_revision import (
    INFO_CHANGED,
    INFO_TOKEN,
    SETTINGS,
    SettingsRevision,
    pending_settings_change,
)

T = TypeVar("T")

_MISSING = object()
# key -> (token, value); bounded by the settings themselves (a key per calendar, per
# policy, per locale), and emptied when a worker is recycled (gunicorn max_requests).
_ENTRIES: dict[Hashable, tuple[str | None, object]] = {}
_TOKEN_QUERY = select(SettingsRevision.revision).where(SettingsRevision.name == SETTINGS)


def current_token() -> str | None:
    """The settings token as this transaction sees it (read once per transaction)."""
    info = db.session.info
    token = info.get(INFO_TOKEN, _MISSING)
    if token is _MISSING:
        token = db.session.scalar(_TOKEN_QUERY)
        info[INFO_TOKEN] = token
    return token  # type: ignore[return-value]


def cached(key: Hashable, build: Callable[[], T]) -> T:
    """The value kept under `key` while the settings are unchanged, else `build()`."""
    session = db.session
    if session.info.get(INFO_CHANGED) or pending_settings_change(session):
        return build()
    token = current_token()
    found = _ENTRIES.get(key)
    if found is not None and found[0] == token:
        return found[1]  # type: ignore[return-value]
    value = build()
    if not session.info.get(INFO_CHANGED):  # building flushed no change of its own
        _ENTRIES[key] = (token, value)
    return value


def clear() -> None:
    """Forget every entry (tests that write settings behind the ORM's back)."""
    _ENTRIES.clear()
