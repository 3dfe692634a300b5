"""What the mail admin page shows and does: stuck outbound mail, inbound mail that was
not acted on, and "retry now"."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import NotFound, PermissionDenied
from servicedesk.infra.extensions import db
from servicedesk.models import (
    InboundMessage,
    InboundStatus,
    OutboxMessage,
    OutboxStatus,
    Role,
    User,
)

LIST_LIMIT = 200


def require_admin(user: User) -> None:
    if not user.has_role(Role.ADMIN):
        raise PermissionDenied(_l("You do not have permission to do that."))


def stuck_outbound(status: str) -> list[OutboxMessage]:
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.status == status)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(LIST_LIMIT)
    )
    return list(db.session.scalars(stmt))


def unhandled_inbound() -> list[InboundMessage]:
    stmt = (
        select(InboundMessage)
        .where(InboundMessage.status.in_([InboundStatus.QUARANTINED, InboundStatus.IGNORED]))
        .order_by(InboundMessage.received_at.desc(), InboundMessage.id.desc())
        .limit(LIST_LIMIT)
    )
    return list(db.session.scalars(stmt))


def retry_outbox(message_id: int, actor: User, *, now: datetime) -> OutboxMessage:
    """Due again now. A message past the give-up window gets exactly one more attempt."""
    require_admin(actor)
    row = db.session.get(OutboxMessage, message_id)
    if row is None or row.status == OutboxStatus.SENT:
        raise NotFound(_l("No such message waiting to be sent."))
    row.status = OutboxStatus.PENDING
    row.next_attempt_at = now
    db.session.flush()
    return row


def inbound_raw(message_id: int, actor: User) -> InboundMessage:
    require_admin(actor)
    row = db.session.get(InboundMessage, message_id)
    if row is None or row.raw is None:
        raise NotFound(_l("No such message."))
    return row
