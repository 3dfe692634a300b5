"""One inbound message, one transaction: ingest and commit, or roll back and quarantine
with the error -- so a message is never dropped, whatever went wrong."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from servicedesk.domain.mail.ingest import (
    IngestResult,
    fallback_message_id,
    ingest_message,
    quarantine_after_error,
    seen_before,
)
from servicedesk.infra.extensions import db

log = logging.getLogger(__name__)


def ingest_and_commit(raw: bytes, *, now: datetime) -> IngestResult:
    try:
        result = ingest_message(raw, now=now)
        db.session.commit()
        return result
    except IntegrityError:
        # Another process stored the same Message-ID at the same moment.
        db.session.rollback()
        existing = seen_before(fallback_message_id(raw))
        if existing is not None:
            return IngestResult(existing, duplicate=True)
        raise
    except Exception as exc:
        db.session.rollback()
        log.exception("inbound mail failed; quarantining it")
        result = quarantine_after_error(raw, exc, now=now)
        db.session.commit()
        return result
