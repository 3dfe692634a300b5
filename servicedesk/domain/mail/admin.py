"""What the mail admin page (and `flask mail held` / `reprocess`) shows and does: stuck
outbound mail, inbound mail that was not acted on, "retry now", and running the inbound
rules again on a kept message -- or accepting it after checking with its sender."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import NotFound, PermissionDenied
from servicedesk.domain.mail.ingest import reprocess_message
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


def reprocess(
    message_id: int, actor: User | None, *, now: datetime, vouched: bool = False
) -> InboundMessage:
    """Run the inbound rules again on a message that was not acted on. `vouched`: the admin
    checked with the sender that the mail is theirs (e.g. a staff reply without a signed
    address), which waives the identity checks but never who may post on a ticket.
    `actor` None is the operator on the server's command line. Audited; flushes."""
    if actor is not None:
        require_admin(actor)
    row = db.session.get(InboundMessage, message_id)
    if row is None or row.status == InboundStatus.PROCESSED or row.raw is None:
        raise NotFound(_l("No such message waiting for a person."))
    before = f"{row.status}: {row.reason}"
    reprocess_message(row, now=now, vouched=vouched)
    record_audit(
        actor,
        "inbound_mail_accepted" if vouched else "inbound_mail_reprocessed",
        row,
        old=before,
        new=f"{row.status}: {row.reason}",
        label=f"{row.sender} {row.subject}",
        now=now,
    )
    db.session.flush()
    return row
