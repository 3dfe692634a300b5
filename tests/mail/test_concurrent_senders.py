"""Any number of senders at once deliver each outbox row exactly once.

`flask mail send` started while the scheduler's sender runs (or an admin's "send now"
during a backlog) used to read the same due rows and mail them again: the same
Message-ID arrived up to four times. Now a sender claims its rows first (conditional
UPDATE, SKIP LOCKED on PostgreSQL) and a crashed sender's claim lapses after a lease.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from servicedesk.domain.mail.outbox import Mail, enqueue_mail
from servicedesk.domain.mail.sender import build_message, claim_due, send_due_mail
from servicedesk.infra.extensions import db
from servicedesk.jobs.registry import JOBS
from servicedesk.jobs.scheduler import _load_jobs, run_job
from servicedesk.models import OutboxMessage
from servicedesk.models.base import utcnow
from tests.mail.conftest import Collector

MAILS = 36


class SlowCollector(Collector):
    """A server that takes a moment per message, as real ones do: it widens the window in
    which two senders could both hold the same row."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.02)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp(app, smtp_server):
    smtp_server.stop()
    smtp_server.collector = SlowCollector()
    smtp_server.start()  # the same port, now with the slow handler
    return smtp_server


def _queue_backlog(now) -> list[str]:
    for n in range(MAILS):
        enqueue_mail(
            Mail(
                key=f"ack:{n}",
                kind="ticket_created",
                to_address=f"person{n}@tanum.example",
                subject=f"[INC-{n:06d}] Vi har tagit emot ditt ärende",
                body_text=f"Hej {n}\n",
                body_html=f"<p>Hej {n}</p>",
            ),
            now=now,
        )
    db.session.commit()
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [build_message(row).msgId for row in rows]


def _run_together(app, workers) -> list[BaseException]:
    """Start every worker at the same instant, each in its own thread and app context."""
    start = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def run(work):
        try:
            with app.app_context():
                start.wait()
                work()
                db.session.remove()
        except BaseException as exc:  # reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_three_senders_and_the_scheduler_deliver_each_message_once(app, slow_smtp, now):
    app.config["MAIL_SEND_BATCH"] = 5  # several rounds each, so the senders interleave
    expected = _queue_backlog(now - timedelta(minutes=1))
    _load_jobs()

    def mail_send():  # what `flask mail send` does
        while send_due_mail(now=utcnow()) != (0, 0):
            pass

    def scheduler():  # the scheduler's outbox-send job, under its job lease
        for _ in range(10):
            run_job(app, JOBS["outbox-send"])

    errors = _run_together(app, [mail_send, mail_send, mail_send, scheduler])
    assert errors == []
    with app.app_context():
        send_due_mail(now=utcnow())  # whatever is left (nothing should be)

    deliveries = Counter(message["Message-ID"] for message in slow_smtp.messages)
    assert sorted(deliveries) == sorted(expected)
    assert set(deliveries.values()) == {1}, deliveries.most_common(3)
    db.session.expire_all()
    rows = list(db.session.scalars(select(OutboxMessage)))
    assert {(r.status, r.claimed_by, r.claimed_until) for r in rows} == {("sent", None, None)}


def test_a_crashed_senders_claim_lapses_and_the_mail_goes_out_once(app, smtp_server, now):
    expected = _queue_backlog(now)
    assert len(claim_due(now, 100, "crashed-sender")) == MAILS  # then it dies
    assert send_due_mail(now=now + timedelta(minutes=9)) == (0, 0)  # the claim holds
    assert smtp_server.messages == []
    assert send_due_mail(now=now + timedelta(minutes=10)) == (MAILS, 0)  # lapsed: retried
    assert send_due_mail(now=now + timedelta(minutes=30)) == (0, 0)
    assert sorted(m["Message-ID"] for m in smtp_server.messages) == sorted(expected)


def test_a_claim_is_taken_once(app, now):
    _queue_backlog(now)
    first = claim_due(now, 10, "a")
    second = claim_due(now, 100, "b")
    assert len(first) == 10 and len(second) == MAILS - 10
    assert not {r.id for r in first} & {r.id for r in second}
    assert claim_due(now, 100, "c") == []
