"""The outbox sender against a real SMTP server (aiosmtpd): headers, bodies, language,
retry with back-off, nothing lost while the server is down, give-up after the window."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parseaddr

from sqlalchemy import select

from servicedesk.domain.mail.sender import backoff, send_due_mail
from servicedesk.domain.mail.threading import (
    outbox_message_id,
    thread_root_id,
    ticket_from_addresses,
)
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage
from tests.mail.conftest import SmtpServer, free_port, point_mail_at


def rows(**where) -> list[OutboxMessage]:
    db.session.expire_all()
    stmt = select(OutboxMessage).filter_by(**where).order_by(OutboxMessage.id)
    return list(db.session.scalars(stmt))


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_acknowledgement_arrives_with_threading_headers(app, org, file_ticket, smtp_server, now):
    ticket = file_ticket()
    assert send_due_mail(now=now) == (1, 0)
    [received] = smtp_server.messages
    row = rows()[0]
    assert row.status == "sent" and row.sent_at == now
    assert received["To"] == org.employee.email
    assert received["Subject"].startswith(f"[{ticket.reference}] ")
    assert "Vi har tagit emot ditt ärende" in received["Subject"]
    assert received["Message-ID"] == outbox_message_id(row.id)
    assert received["In-Reply-To"] == thread_root_id(ticket.id)
    assert received["References"] == thread_root_id(ticket.id)
    assert received["Auto-Submitted"] == "auto-replied"
    assert received["X-Auto-Response-Suppress"] == "OOF, AutoReply"
    reply_to = parseaddr(received["Reply-To"])[1]
    assert ticket_from_addresses([reply_to]) == ticket.id
    assert parseaddr(received["From"])[1] == "servicedesk@tanum.example"
    assert smtp_server.collector.envelopes[0].mail_from == "servicedesk@tanum.example"
    assert ticket.reference in text_of(received) and "Hej Emma Anställd" in text_of(received)
    assert f"http://localhost/portal/tickets/{ticket.id}" in html_of(received)


def test_staff_reply_threads_and_is_in_the_requesters_language(
    app, org, make_user, file_ticket, smtp_server, now
):
    english = make_user("Eve English", locale="en")
    ticket = file_ticket(requester=english)
    add_comment(ticket, org.agent, "Please **restart** the computer.", now=now)
    db.session.commit()
    send_due_mail(now=now)
    ack, reply = smtp_server.messages
    assert "We have received your case" in ack["Subject"]
    assert reply["Subject"] == f"[{ticket.reference}] New reply: {ticket.title}"
    assert reply["Auto-Submitted"] == "auto-generated"
    assert reply["In-Reply-To"] == ack["In-Reply-To"] == thread_root_id(ticket.id)
    assert reply["Message-ID"] != ack["Message-ID"]
    assert "Anders Agent wrote:" in text_of(reply)
    assert "Please **restart** the computer." in text_of(reply)
    assert "<strong>restart</strong>" in html_of(reply)


def test_html_part_escapes_user_text(app, org, file_ticket, smtp_server, now):
    ticket = file_ticket(title="<script>alert(1)</script>")
    add_comment(ticket, org.agent, "<img src=x onerror=alert(2)>", now=now)
    db.session.commit()
    send_due_mail(now=now)
    for message in smtp_server.messages:
        assert "<script>" not in html_of(message) and "onerror" not in html_of(message)


def test_smtp_down_then_up_nothing_lost_each_sent_once(app, org, file_ticket, now):
    port = free_port()
    point_mail_at(app, port)  # nothing listens yet
    file_ticket(title="Första")
    file_ticket(title="Andra")
    assert send_due_mail(now=now) == (0, 2)
    for row in rows():
        assert row.status == "pending" and row.attempts == 1 and row.last_error
        assert row.next_attempt_at == now + timedelta(minutes=1)
    later = now + timedelta(seconds=30)
    assert send_due_mail(now=later) == (0, 0)  # not due yet: back-off respected
    send_due_mail(now=now + timedelta(minutes=1))  # second failure: 2 minutes
    assert {r.next_attempt_at for r in rows()} == {now + timedelta(minutes=3)}

    server = SmtpServer(port)
    server.start()
    try:
        back = now + timedelta(minutes=3)
        assert send_due_mail(now=back) == (2, 0)
        assert send_due_mail(now=back + timedelta(hours=1)) == (0, 0)
    finally:
        server.stop()
    assert sorted(m["Subject"].split("] ", 1)[1] for m in server.messages) == [
        "Vi har tagit emot ditt ärende: Andra",
        "Vi har tagit emot ditt ärende: Första",
    ]
    assert all(r.status == "sent" and r.attempts == 2 for r in rows())


def test_backoff_doubles_and_is_capped_at_an_hour():
    assert [backoff(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_gives_up_after_the_window_and_retry_now_gives_one_more_try(app, org, file_ticket, now):
    point_mail_at(app, free_port())
    file_ticket()
    send_due_mail(now=now + timedelta(hours=47))
    assert rows()[0].status == "pending"
    send_due_mail(now=now + timedelta(hours=48, minutes=5))
    row = rows()[0]
    assert row.status == "failed" and row.attempts == 2
    assert send_due_mail(now=now + timedelta(hours=72)) == (0, 0)  # failed rows stay put


def test_one_refused_recipient_does_not_stop_the_batch(app, org, file_ticket, smtp_server, now):
    file_ticket()
    file_ticket(requester=org.other_employee)
    refused = org.other_employee.email  # the handler runs in the server's thread

    async def refuse_other(server, session, envelope, address, rcpt_options):
        if address == refused:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.collector.handle_RCPT = refuse_other
    assert send_due_mail(now=now) == (1, 1)
    statuses = {r.to_address: (r.status, r.attempts) for r in rows()}
    assert statuses == {org.employee.email: ("sent", 0), org.other_employee.email: ("pending", 1)}


def test_stored_headers_cannot_add_recipients(app, org, smtp_server, now):
    from servicedesk.domain.mail.outbox import Mail, enqueue_mail

    enqueue_mail(
        Mail(
            key="x",
            kind="test",
            to_address=org.employee.email,
            subject="Hej",
            body_text="Text",
            headers={"Bcc": "evil@example.org", "Auto-Submitted": "auto-generated"},
        ),
        now=now,
    )
    db.session.commit()
    send_due_mail(now=now)
    assert smtp_server.collector.envelopes[0].rcpt_tos == [org.employee.email]
    assert smtp_server.messages[0]["Bcc"] is None


def test_per_recipient_cap_defers_a_storm_without_losing_it(
    app, org, file_ticket, smtp_server, now
):
    app.config["MAIL_MAX_PER_RECIPIENT_PER_HOUR"] = 3
    for n in range(5):
        file_ticket(title=f"Ärende {n}")
    assert send_due_mail(now=now) == (3, 0)
    waiting = rows(status="pending")
    assert len(waiting) == 2 and all(r.attempts == 0 for r in waiting)
    assert send_due_mail(now=now + timedelta(minutes=10)) == (0, 0)  # still within the hour
    assert send_due_mail(now=now + timedelta(minutes=61)) == (2, 0)
    assert len(smtp_server.messages) == 5


def test_outbox_send_job_is_registered_and_runs_under_its_lease(app, org, file_ticket, smtp_server):
    from servicedesk.jobs.scheduler import JOBS, _load_jobs, run_job

    _load_jobs()
    assert JOBS["outbox-send"].seconds == 30 and "imap-poll" in JOBS
    file_ticket()
    assert run_job(app, JOBS["outbox-send"]) is True
    assert len(smtp_server.messages) == 1 and rows()[0].status == "sent"
