"""Shared steps of the notices and major-incident tests."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from servicedesk.domain.notices.notices import NoticeDraft, create_notice
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage


def draft(services, *, now, **kw) -> NoticeDraft:
    return NoticeDraft(
        kind=kw.pop("kind", "disruption"),
        title=kw.pop("title", "Skolplattformen går inte att nå"),
        body=kw.pop("body", "Vi felsöker. **Nästa besked** kl. 10."),
        severity=kw.pop("severity", 1),
        starts_at=kw.pop("starts_at", now - timedelta(minutes=10)),
        ends_at=kw.pop("ends_at", now + timedelta(hours=2)),
        services=list(services),
        major_ticket=kw.pop("major_ticket", None),
    )


def publish(actor, services, *, now, **kw):
    notice = create_notice(actor, draft(services, now=now, **kw), publish=True, now=now)
    db.session.commit()
    return notice


def mails(kind: str | None = None) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        stmt = stmt.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(stmt))
