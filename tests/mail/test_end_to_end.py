"""The issue's "done when", as a new user would try it: mail in, acknowledgement out, the
agent's reply threaded, the employee's mail reply on the ticket, an out-of-office reply
without a loop, and the SMTP server stopped for a while without losing anything."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

from sqlalchemy import select

from servicedesk.domain.mail.pipeline import ingest_and_commit
from servicedesk.domain.mail.sender import send_due_mail
from servicedesk.domain.tickets.lifecycle import add_comment, assign_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import Comment, Ticket
from tests.mail.conftest import SmtpServer


def mail_from(sender: str, to: str, subject: str, body: str, **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="mail.example")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def reply_to(received: EmailMessage, sender: str, body: str, **headers: str) -> bytes:
    """What a mail client sends when the person presses Reply."""
    quoted = "\n".join(
        "> " + line for line in received.get_body(("plain",)).get_content().splitlines()
    )
    return mail_from(
        sender,
        received["Reply-To"],
        "Re: " + received["Subject"],
        f"{body}\n\nOn Thu, 26 Nov 2026 at 12:00, Servicedesk wrote:\n{quoted}\n",
        In_Reply_To=received["Message-ID"],
        References=f"{received['References']} {received['Message-ID']}",
        **headers,
    )


def test_a_conversation_by_mail(app, org, smtp_server, now):
    employee = org.employee.email
    # 1. The employee mails the desk and gets an acknowledgement with a reference.
    stored = ingest_and_commit(
        mail_from(employee, "servicedesk@tanum.example", "Wifi fungerar inte", "Inget nät i B12."),
        now=now,
    ).inbound
    ticket = db.session.get(Ticket, stored.ticket_id)
    send_due_mail(now=now)
    [ack] = smtp_server.messages
    assert ack["To"] == employee and f"[{ticket.reference}]" in ack["Subject"]

    # 2. The agent's public reply arrives threaded in the same conversation.
    assign_ticket(ticket, org.agent, org.agent, now=now)
    add_comment(ticket, org.agent, "Starta om routern i B12, är det bättre?", now=now)
    db.session.commit()
    send_due_mail(now=now)
    reply = smtp_server.messages[-1]
    assert reply["References"] == ack["References"] and reply["In-Reply-To"] == ack["In-Reply-To"]

    # 3. The employee presses Reply: the answer lands on the ticket, trimmed.
    ingest_and_commit(reply_to(reply, employee, "Nu fungerar det, tack!"), now=now)
    db.session.expire_all()
    last = db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()
    assert last.ticket_id == ticket.id and last.author_id == org.employee.id
    assert last.body == "Nu fungerar det, tack!"
    send_due_mail(now=now)
    assert smtp_server.messages[-1]["To"] == org.agent.email  # the assignee hears of it

    # 4. An out-of-office reply to our mail does not start a loop.
    before = len(smtp_server.messages)
    ooo = reply_to(reply, employee, "Jag är på semester.", Auto_Submitted="auto-replied")
    assert ingest_and_commit(ooo, now=now).inbound.status == "ignored"
    send_due_mail(now=now + timedelta(minutes=5))
    assert len(smtp_server.messages) == before


def test_smtp_server_stopped_for_a_while_delivers_everything_once(app, org, smtp_server, now):
    smtp_server.stop()
    for n in range(5):
        raw = mail_from(org.employee.email, "servicedesk@tanum.example", f"Fråga {n}", "Hej")
        ingest_and_commit(raw, now=now)
    clock = now
    for _ in range(4):  # an outage of several retry rounds
        send_due_mail(now=clock)
        clock += timedelta(minutes=10)
    back = SmtpServer(smtp_server.port)
    back.start()
    try:
        send_due_mail(now=clock)
        send_due_mail(now=clock + timedelta(hours=2))
    finally:
        back.stop()
    subjects = sorted(m["Subject"] for m in back.messages)
    assert len(subjects) == 5 and len(set(subjects)) == 5
    assert {parseaddr(m["To"])[1] for m in back.messages} == {org.employee.email}
