"""The security queue: where every security incident goes, and whose members see them.

An admin chooses it on the admin page "Säkerhetskö" (`setting.choose_security_queue`,
audited); the demo and `flask security queue NAME` set it up first (`set_security_queue`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, SecurityQueue

NO_SECURITY_QUEUE = "no_security_queue"


def security_queue() -> Queue:
    """The active security queue; a clear error when none is set up."""
    row = db.session.scalar(select(SecurityQueue))
    if row is None or not row.queue.active:
        raise ValidationError(
            _l("No security queue is set up, so a security incident cannot be filed yet."),
            code=NO_SECURITY_QUEUE,
        )
    return row.queue


def current_security_queue() -> Queue | None:
    """The security queue as set (active or not), None before one is chosen."""
    row = db.session.scalar(select(SecurityQueue))
    return row.queue if row is not None else None


def set_security_queue(queue: Queue) -> None:
    """Make `queue` the security queue (one row)."""
    row = db.session.get(SecurityQueue, 1)
    if row is None:
        db.session.add(SecurityQueue(id=1, queue_id=queue.id))
    else:
        row.queue_id = queue.id
    db.session.flush()
