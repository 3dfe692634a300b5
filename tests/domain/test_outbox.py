from __future__ import annotations

import pytest
from sqlalchemy import func, select

from servicedesk.domain.outbox import Mail, enqueue_mail, pending_count
from servicedesk.extensions import db
from servicedesk.models import OutboxMessage


def mail(key: str = "k1", **kw) -> Mail:
    return Mail(
        key=key,
        kind="test",
        to_address=kw.pop("to", "a@tanum.example"),
        subject=kw.pop("subject", "[INC-000001] Hej"),
        body_text="Text",
        **kw,
    )


def test_same_key_is_queued_once(app, now):
    assert enqueue_mail(mail(), now=now) is True
    assert enqueue_mail(mail(), now=now) is False
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    assert pending_count() == 1


def test_header_injection_is_refused(app, now):
    with pytest.raises(ValueError):
        enqueue_mail(mail(subject="Hej\r\nBcc: x@evil.example"), now=now)
    with pytest.raises(ValueError):
        enqueue_mail(mail(to="a@x.se\nCc: b@evil.example"), now=now)
