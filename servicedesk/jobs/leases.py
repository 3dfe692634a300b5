"""Database leases: one holder at a time per job, taken over when it expires.

A lease is a row with an expiry; taking it is one conditional UPDATE (or an INSERT for the
first time), so two processes or nodes can never both hold it, and a crashed holder blocks
nobody for longer than the lease's time to live.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from servicedesk.infra.extensions import db
from servicedesk.models import JobLease


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def acquire_lease(name: str, holder: str, *, ttl: timedelta, now: datetime) -> bool:
    """Take or renew the lease; commits its own small transaction."""
    result = db.session.execute(
        update(JobLease)
        .where(
            JobLease.name == name,
            or_(JobLease.expires_at <= now, JobLease.holder == holder),
        )
        .values(holder=holder, expires_at=now + ttl)
    )
    if result.rowcount == 1:
        db.session.commit()
        return True
    db.session.rollback()
    if db.session.get(JobLease, name) is not None:
        return False
    try:
        db.session.add(JobLease(name=name, holder=holder, expires_at=now + ttl))
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
        return False


def release_lease(
    name: str, holder: str, *, now: datetime, success: bool, error: str | None = None
) -> None:
    values: dict = {"expires_at": now}
    if success:
        values["last_success_at"] = now
        values["last_error"] = None
    elif error:
        values["last_error"] = error[:2000]
    db.session.execute(
        update(JobLease).where(JobLease.name == name, JobLease.holder == holder).values(**values)
    )
    db.session.commit()
