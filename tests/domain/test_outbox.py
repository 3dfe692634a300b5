from __future__ import annotations

import pytest
from sqlalchemy import func, select

from servicedesk.domain.mail.outbox import Mail, enqueue_mail
from servicedesk.infra.extensions import db
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
    assert (
        db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "pending")
        )
        == 1
    )


def test_header_injection_is_refused(app, now):
    with pytest.raises(ValueError):
        enqueue_mail(mail(subject="Hej\r\nBcc: x@evil.example"), now=now)
    with pytest.raises(ValueError):
        enqueue_mail(mail(to="a@x.se\nCc: b@evil.example"), now=now)


def test_queued_row_keeps_every_value_as_given(app, now):
    """The plain-SQL insert binds typed values: JSON headers and aware UTC times round-trip."""
    assert enqueue_mail(mail(headers={"In-Reply-To": "<a@b>"}, ticket_id=None), now=now)
    db.session.commit()
    db.session.expire_all()
    row = db.session.scalar(select(OutboxMessage))
    assert row.headers == {"In-Reply-To": "<a@b>"}
    assert row.created_at == now and row.next_attempt_at == now
    assert row.created_at.tzinfo is not None
    assert (row.status, row.attempts, row.body_html) == ("pending", 0, None)


def test_queueing_compiles_nothing_new_per_call(app, now):
    """The statement is built once per process (it used to be compiled on every call)."""
    from servicedesk.domain.mail import outbox

    statement = outbox._INSERT_ONCE
    for n in range(3):
        assert enqueue_mail(mail(key=f"k{n}"), now=now)
    assert outbox._INSERT_ONCE is statement
