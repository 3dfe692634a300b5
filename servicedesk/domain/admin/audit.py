"""Writing and reading the immutable admin audit log."""

from __future__ import annotations

from datetime import datetime

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
) -> AuditLog:
    """One entry: `action` (e.g. role_granted) done by `actor` to `obj` (a model)."""
    entry = AuditLog(
        at=now,
        actor_id=actor.id if actor else None,
        action=action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        object_label=(label or str(getattr(obj, "email", None) or getattr(obj, "name", "")))[:300],
        old_value=None if old is None else str(old),
        new_value=None if new is None else str(new),
    )
    db.session.add(entry)
    return entry


def recent_audit(limit: int = 200) -> list[AuditLog]:
    stmt = (
        select(AuditLog)
        .options(joinedload(AuditLog.actor))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
