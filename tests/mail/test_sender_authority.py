"""Who a mail may act as (issue 13, finding 1): a From header proves nothing. Staff act by
mail only through a reply signed for them in person; a mail that only claims a staff
address is held for an admin and does nothing. The requester's rule is in docs/mail.md."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy import func, select

from servicedesk.domain.mail.pipeline import ingest_and_commit
from servicedesk.domain.mail.threading import (
    outbox_message_id,
    reply_address,
    signed_reply_addresses,
    thread_root_id,
)
from servicedesk.domain.tickets.lifecycle import assign_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import Comment, InboundMessage, OutboxMessage, SlaTimer, Ticket

FORGED_TEXT = "Hej! Logga in här och bekräfta ditt lösenord: http://evil.example/"


def message(sender: str, subject: str, *, to="servicedesk@tanum.example", n=1, **headers):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = f"<authority-{n}@mail.example>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(FORGED_TEXT)
    return msg.as_bytes()


def ingest(raw: bytes, now) -> InboundMessage:
    row = ingest_and_commit(raw, now=now).inbound
    db.session.expire_all()
    return row


def comments(ticket) -> list[Comment]:
    return list(db.session.scalars(select(Comment).where(Comment.ticket_id == ticket.id)))


def outbox_to(address: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address))
    )


def first_response_met(ticket) -> bool:
    stmt = select(func.count()).where(
        SlaTimer.ticket_id == ticket.id,
        SlaTimer.kind == "first_response",
        SlaTimer.met_at.is_not(None),
    )
    return bool(db.session.scalar(stmt))


def assert_nothing_done_as_staff(ticket, requester_mail_before: int, row: InboundMessage):
    ticket = db.session.get(Ticket, ticket.id)
    assert row.status == "quarantined" and row.raw, row.reason
    assert "held" in row.reason and "signed" in row.reason
    assert comments(ticket) == []
    assert ticket.status == "new" and ticket.first_response_at is None
    assert not first_response_met(ticket)
    assert len(outbox_to(ticket.requester.email)) == requester_mail_before
    assert not any(
        FORGED_TEXT[:20] in m.body_text for m in db.session.scalars(select(OutboxMessage))
    )


def test_forged_agent_mail_with_subject_reference_does_nothing(app, org, now, file_ticket):
    """The issue's case: From the agent, [INC-…] in the subject, no signed address."""
    ticket = file_ticket()
    before = len(outbox_to(org.employee.email))
    row = ingest(message(org.agent.email, f"Re: [{ticket.reference}] Kan inte logga in"), now)
    assert_nothing_done_as_staff(ticket, before, row)
    assert org.agent.email in row.reason and ticket.reference in row.reason


def test_agent_address_with_a_token_meant_for_someone_else_is_held(app, org, now, file_ticket):
    """The thread root, the old per-ticket address, the requester's own reply address and
    the Message-ID of a mail to the requester are all known to the requester: none of them
    lets a mail act as the agent."""
    ticket = file_ticket()
    [ack] = outbox_to(org.employee.email)
    before = len(outbox_to(org.employee.email))
    subject = f"Re: [{ticket.reference}] Kan inte logga in"
    variants = [
        {"In_Reply_To": thread_root_id(ticket.id), "References": thread_root_id(ticket.id)},
        {"to": reply_address(ticket.id)},
        {"to": reply_address(ticket.id, org.employee.id)},
        {"In_Reply_To": outbox_message_id(ack.id)},
    ]
    for n, headers in enumerate(variants):
        row = ingest(message(org.agent.email, subject, n=n, **headers), now)
        assert_nothing_done_as_staff(ticket, before, row)


def test_signed_reply_by_the_agent_still_works(app, org, now, file_ticket):
    ticket = file_ticket()
    raw = message(
        org.agent.email, f"Re: [{ticket.reference}] x", to=reply_address(ticket.id, org.agent.id)
    )
    row = ingest(raw, now)
    assert row.status == "processed" and row.ticket_id == ticket.id
    ticket = db.session.get(Ticket, ticket.id)
    [comment] = comments(ticket)
    assert comment.author_id == org.agent.id and not comment.internal
    assert ticket.status == "open" and ticket.first_response_at is not None
    assert any(m.kind == "reply_to_requester" for m in outbox_to(org.employee.email))


def test_agent_replying_to_the_desks_mail_to_them_acts_as_the_agent(app, org, now, file_ticket):
    """A client that keeps only In-Reply-To: the outbox row it names was addressed to the
    agent, so the reply may act as the agent."""
    ticket = file_ticket()
    assign_ticket(ticket, org.admin, org.agent, now=now)
    db.session.commit()
    [assigned] = outbox_to(org.agent.email)
    raw = message(org.agent.email, "Re: Tilldelat", In_Reply_To=outbox_message_id(assigned.id))
    row = ingest(raw, now)
    assert row.status == "processed" and row.ticket_id == ticket.id
    assert [c.author_id for c in comments(ticket)] == [org.agent.id]


def test_desk_mail_carries_a_reply_address_signed_for_its_recipient(app, org, file_ticket):
    ticket = file_ticket()
    [ack] = outbox_to(org.employee.email)
    assert signed_reply_addresses([ack.headers["Reply-To"]]) == [(ticket.id, org.employee.id)]
    forged = ack.headers["Reply-To"].replace(f"u{org.employee.id}-", f"u{org.agent.id}-")
    assert signed_reply_addresses([forged]) == []


def test_requester_may_reply_with_any_signed_thread_hint(app, org, now, file_ticket):
    ticket = file_ticket()
    subject = f"Re: [{ticket.reference}] Kan inte logga in"
    for n, headers in enumerate(
        [{"to": reply_address(ticket.id)}, {"References": thread_root_id(ticket.id)}]
    ):
        row = ingest(message(org.employee.email, subject, n=n, **headers), now)
        assert row.status == "processed" and row.ticket_id == ticket.id
    assert len(comments(ticket)) == 2


def test_requester_address_with_subject_only_leaves_the_case_alone(app, org, now, file_ticket):
    ticket = file_ticket()
    row = ingest(message(org.employee.email, f"[{ticket.reference}] bekräfta"), now)
    assert row.status == "processed" and row.ticket_id != ticket.id
    assert comments(ticket) == [] and db.session.get(Ticket, ticket.id).status == "new"
    follow_up = db.session.get(Ticket, row.ticket_id)
    assert follow_up.requester_id == org.employee.id and ticket.reference in follow_up.description


def test_other_employee_is_refused_even_with_a_signed_address(app, org, now, file_ticket):
    ticket = file_ticket()
    raw = message(org.other_employee.email, "Re: x", to=reply_address(ticket.id, org.employee.id))
    row = ingest(raw, now)
    assert row.status == "quarantined" and "may not reply" in row.reason
    assert comments(ticket) == []


def test_cli_ingest_follows_the_same_rule(app, org, file_ticket):
    ticket = file_ticket()
    raw = message(org.agent.email, f"Re: [{ticket.reference}] Kan inte logga in")
    result = app.test_cli_runner().invoke(args=["mail", "ingest"], input=raw)
    assert result.exit_code == 0 and result.output.startswith("quarantined"), result.output
    db.session.expire_all()
    assert comments(ticket) == [] and db.session.get(Ticket, ticket.id).status == "new"


def test_acknowledgement_tells_the_requester_to_reply_not_to_write_anew(app, org, file_ticket):
    """A new mail with the reference in its subject is a new case now; the acknowledgement
    must not advise it."""
    file_ticket()
    [ack] = outbox_to(org.employee.email)
    assert "Svara på det här meddelandet" in ack.body_text
    assert "Behåll ärendenumret i ämnesraden" not in ack.body_text
