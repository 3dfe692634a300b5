"""Writing and reading the immutable audit log: administrative changes, sign-ins (right and
wrong), exports and security-incident clock decisions, each with the actor, the time, the
client address and the object. Rows are never changed or deleted (models/audit.py; on
PostgreSQL a trigger refuses UPDATE and DELETE, migration security_0024)."""

from __future__ import annotations

from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, User


def record_audit(
    actor: User | None,
    action: str,
    obj: object,
    *,
    old: object = None,
    new: object = None,
    label: str = "",
    now: datetime,
    ip: str | None = None,
    object_type: str | None = None,
) -> AuditLog:
    """One entry: `action` (e.g. role_granted) done by `actor` to `obj` (a model, or None
    with `object_type` for something that is not one: an unknown account, an export).
    `ip` defaults to the client address of the current request (none in a job)."""
    address = ip or client_address()
    entry = AuditLog(
        at=now,
        actor_id=actor.id if actor else None,
        action=action,
        object_type=object_type or type(obj).__name__,
        object_id=getattr(obj, "id", None),
        object_label=(label or str(getattr(obj, "email", None) or getattr(obj, "name", "")))[:300],
        old_value=None if old is None else str(old),
        new_value=None if new is None else str(new),
        ip=address[:45] if address else None,
    )
    db.session.add(entry)
    return entry


def record_export(actor: User, what: str, *, rows: int | None, now: datetime) -> AuditLog:
    """An export of case data (a CSV file, a report through the API): who, what, how many
    rows (None when it is not a table)."""
    return record_audit(actor, "export", None, object_type="Export", label=what, new=rows, now=now)


def client_address() -> str | None:
    """The client address of the current request (after ProxyFix), or None outside one."""
    return request.remote_addr if has_request_context() else None


def recent_audit(limit: int = 200) -> list[AuditLog]:
    stmt = (
        select(AuditLog)
        .options(joinedload(AuditLog.actor))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
