"""One inbound message, one transaction: ingest and commit, or roll back and quarantine
with the error -- so a message is never dropped, whatever went wrong. Reprocessing a kept
message works the same way: on failure the message stays kept, with the error."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from servicedesk.domain.errors import DomainError
from servicedesk.domain.mail import admin as mail_admin
from servicedesk.domain.mail.ingest import (
    IngestResult,
    content_digest,
    ingest_message,
    quarantine_after_error,
    seen_before,
)
from servicedesk.infra.extensions import db
from servicedesk.models import InboundMessage, User

log = logging.getLogger(__name__)


def ingest_and_commit(raw: bytes, *, now: datetime) -> IngestResult:
    try:
        result = ingest_message(raw, now=now)
        db.session.commit()
        return result
    except IntegrityError as exc:
        # Another process stored the same message at the same moment -- or some other
        # constraint refused the change, and then the message is kept like any failure.
        db.session.rollback()
        existing = seen_before(content_digest(raw))
        if existing is not None:
            return IngestResult(existing, duplicate=True)
        log.exception("inbound mail failed; quarantining it")
        result = quarantine_after_error(raw, exc, now=now)
        db.session.commit()
        return result
    except Exception as exc:
        db.session.rollback()
        log.exception("inbound mail failed; quarantining it")
        result = quarantine_after_error(raw, exc, now=now)
        db.session.commit()
        return result


def reprocess_and_commit(
    message_id: int, actor: User | None, *, now: datetime, vouched: bool = False
) -> InboundMessage:
    """`admin.reprocess` as one unit of work; a failure other than a refusal (DomainError)
    is rolled back and written on the kept message, which stays kept."""
    try:
        row = mail_admin.reprocess(message_id, actor, now=now, vouched=vouched)
        db.session.commit()
        return row
    except DomainError:
        db.session.rollback()
        raise
    except Exception as exc:
        db.session.rollback()
        log.exception("reprocessing inbound mail %s failed", message_id)
        row = db.session.get(InboundMessage, message_id)
        row.reason = f"reprocessing failed: {exc!r}"[:500]
        db.session.commit()
        return row
