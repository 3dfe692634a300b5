"""The IMAP poller against a real IMAP server (Dovecot, started by tests/mail/start_dovecot.sh;
in CI by .ci/run). Fails, not skips, in CI when the server is missing."""

from __future__ import annotations

import imaplib
import os

import pytest
from sqlalchemy import func, select

from servicedesk.domain.mail import imap as imap_module
from servicedesk.domain.mail.imap import poll_imap
from servicedesk.infra.extensions import db
from servicedesk.models import InboundMessage, Ticket

ENV = {k: os.environ.get(f"TEST_IMAP_{k}", "") for k in ("HOST", "PORT", "USER", "PASSWORD")}


@pytest.fixture
def mailbox():
    if not all(ENV.values()):
        message = "TEST_IMAP_HOST/PORT/USER/PASSWORD not set: no IMAP server to test against"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message + " (run tests/mail/start_dovecot.sh)")
    conn = imaplib.IMAP4(ENV["HOST"], int(ENV["PORT"]), timeout=10)
    conn.login(ENV["USER"], ENV["PASSWORD"])
    for folder in ("INBOX", "Processed"):
        status, data = conn.select(folder)
        if status == "OK" and int(data[0]) > 0:
            conn.store("1:*", "+FLAGS", r"(\Deleted)")
            conn.expunge()
    conn.select("INBOX")
    yield conn
    conn.logout()


@pytest.fixture
def imap_app(app, mailbox):
    app.config.update(
        MAIL_IMAP_HOST=ENV["HOST"],
        MAIL_IMAP_PORT=int(ENV["PORT"]),
        MAIL_IMAP_SSL=False,
        MAIL_IMAP_USER=ENV["USER"],
        MAIL_IMAP_PASSWORD=ENV["PASSWORD"],
        MAIL_IMAP_FOLDER="INBOX",
        MAIL_IMAP_PROCESSED_FOLDER="",
    )
    return app


def deliver(conn, raw: bytes) -> None:
    status, _ = conn.append("INBOX", "", imaplib.Time2Internaldate(0), raw)
    assert status == "OK"


def unseen(conn, folder: str = "INBOX") -> int:
    conn.select(folder)
    _, data = conn.search(None, "UNSEEN")
    return len(data[0].split())


def total(conn, folder: str) -> int:
    status, data = conn.select(folder)
    return int(data[0]) if status == "OK" else 0


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_poller_ingests_unseen_and_flags_them_seen(imap_app, mailbox, org, eml, now):
    deliver(mailbox, eml("new_multipart_alternative.eml", FROM=org.employee.email))
    deliver(mailbox, eml("bounce.eml"))
    assert unseen(mailbox) == 2
    assert poll_imap(now=now) == 2
    assert count(Ticket) == 1 and count(InboundMessage) == 2
    assert unseen(mailbox) == 0 and total(mailbox, "INBOX") == 2
    assert poll_imap(now=now) == 0  # nothing unseen: nothing done twice
    assert count(InboundMessage) == 2


def test_message_stays_unseen_when_processing_dies_before_commit(
    imap_app, mailbox, org, eml, now, monkeypatch
):
    deliver(mailbox, eml("iso_8859_1.eml", FROM=org.employee.email))

    def crash(raw, *, now):
        raise RuntimeError("database went away")

    monkeypatch.setattr(imap_module, "ingest_and_commit", crash)
    with pytest.raises(RuntimeError):
        poll_imap(now=now)
    assert unseen(mailbox) == 1  # not flagged: it will be fetched again
    monkeypatch.undo()
    assert poll_imap(now=now) == 1
    assert unseen(mailbox) == 0 and count(Ticket) == 1


def test_refetched_message_is_not_processed_twice(imap_app, mailbox, org, eml, now):
    raw = eml("iso_8859_1.eml", FROM=org.employee.email)
    deliver(mailbox, raw)
    deliver(mailbox, raw)  # e.g. flagging failed after commit, or a duplicate delivery
    assert poll_imap(now=now) == 2
    assert count(Ticket) == 1 and count(InboundMessage) == 1
    assert unseen(mailbox) == 0


def test_processed_messages_are_moved_when_configured(imap_app, mailbox, org, eml, now):
    imap_app.config["MAIL_IMAP_PROCESSED_FOLDER"] = "Processed"
    deliver(mailbox, eml("html_only.eml", FROM=org.employee.email))
    assert poll_imap(now=now) == 1
    assert total(mailbox, "INBOX") == 0 and total(mailbox, "Processed") == 1


def test_poller_does_nothing_without_a_host(app, now):
    app.config["MAIL_IMAP_HOST"] = ""
    assert poll_imap(now=now) == 0


def test_forged_agent_mail_fetched_by_imap_is_held_like_piped_mail(
    imap_app, mailbox, org, now, file_ticket
):
    """The poller and `flask mail ingest` share one rule (issue 13, finding 1)."""
    from tests.mail.test_sender_authority import comments, message

    ticket = file_ticket()
    deliver(mailbox, message(org.agent.email, f"Re: [{ticket.reference}] Kan inte logga in"))
    assert poll_imap(now=now) == 1
    db.session.expire_all()
    row = db.session.scalar(select(InboundMessage))
    assert row.status == "quarantined" and "held" in row.reason
    assert comments(ticket) == [] and db.session.get(Ticket, ticket.id).status == "new"
