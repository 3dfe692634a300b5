"""The admin's choice of the security queue (the admin page "Säkerhetskö"), audited."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.explanations import explain
from servicedesk.domain.security.queue import current_security_queue, set_security_queue
from servicedesk.domain.tickets.lifecycle import record_history, transfer_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Role, Status, Ticket, TicketType, User


def choose_security_queue(actor: User, queue: Queue | None, *, now: datetime) -> int:
    """An admin makes `queue` (active) the security queue. Its members then see every
    security incident and the old queue's members no longer do. Every security incident
    moves with the choice, so they all stay in the security queue (the rule the visibility
    rests on, `permissions.require_security_holders`): one not yet closed as a transfer
    (history line, no assignee: the old queue's people may no longer hold it), a closed one
    keeps its state and gets the history line. Audited. Returns how many moved."""
    if not actor.has_role(Role.ADMIN):
        raise PermissionDenied(_l("Only an administrator may choose the security queue."))
    if queue is None:
        raise ValidationError(_l("Choose a queue."), field="queue")
    if not queue.active:
        raise ValidationError(_l("That queue is inactive."), field="queue")
    old = current_security_queue()
    if old is not None and old.id == queue.id:
        return 0
    set_security_queue(queue)
    moved = 0
    if old is not None:
        stmt = select(Ticket).where(Ticket.type == TicketType.SECURITY, Ticket.queue_id == old.id)
        why = explain("security_queue_chosen", queue=queue.name)
        for ticket in db.session.scalars(stmt.order_by(Ticket.id)).all():
            if ticket.status == Status.CLOSED:
                ticket.queue = queue
                record_history(
                    ticket, actor, "queue", old.name, queue.name, now=now, explanation=why
                )
            else:
                transfer_ticket(ticket, actor, queue, reason="", explanation=why, now=now)
            moved += 1
    record_audit(
        actor,
        "security_queue_chosen",
        queue,
        old=old.name if old is not None else None,
        new=queue.name,
        label=queue.name,
        now=now,
    )
    db.session.flush()
    return moved
