"""Inbound mail on real-world shaped messages: new cases, replies, charsets, attachments,
machine-written mail, forged replies, duplicates and quarantine."""

from __future__ import annotations

from sqlalchemy import func, select

from servicedesk.domain.mail.ingest import ingest_message
from servicedesk.domain.mail.pipeline import ingest_and_commit
from servicedesk.domain.mail.threading import reply_address, thread_root_id
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Attachment,
    Channel,
    Comment,
    InboundMessage,
    OutboxMessage,
    Ticket,
    User,
)


def ingest(raw: bytes, now):
    result = ingest_and_commit(raw, now=now)
    db.session.expire_all()
    return result.inbound


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def reply_values(ticket, sender):
    return {
        "FROM": sender.email,
        "TO": reply_address(ticket.id, sender.id),
        "REF": ticket.reference,
        "IN_REPLY_TO": thread_root_id(ticket.id),
        "REFERENCES": thread_root_id(ticket.id),
    }


def public_comments(ticket) -> list[Comment]:
    return list(
        db.session.scalars(
            select(Comment).where(Comment.ticket_id == ticket.id).order_by(Comment.id)
        )
    )


def test_new_mail_from_known_employee_becomes_a_case_routed_to_central(app, org, eml, now):
    row = ingest(eml("new_multipart_alternative.eml", FROM=org.employee.email), now)
    assert row.status == "processed"
    ticket = db.session.get(Ticket, row.ticket_id)
    assert ticket.requester_id == org.employee.id
    assert ticket.channel == Channel.EMAIL
    assert ticket.service_id is None and ticket.queue_id == org.central.id
    assert ticket.title == "Skrivaren på plan 2 skriver inte ut"
    assert "skriver inte ut något sedan i morse" in ticket.description
    assert '"Pappersstopp"' in ticket.description
    ack = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "ticket_created"))
    assert ack.to_address == org.employee.email and ticket.reference in ack.subject


def test_outlook_reply_by_token_lands_trimmed_on_the_ticket(app, org, eml, now, file_ticket):
    ticket = file_ticket()
    row = ingest(eml("outlook_reply.eml", **reply_values(ticket, org.employee)), now)
    assert row.status == "processed" and row.ticket_id == ticket.id
    comment = public_comments(ticket)[-1]
    assert comment.author_id == org.employee.id and comment.source == Channel.EMAIL
    assert comment.body == "Tack, nu fungerar det igen efter omstarten!\n\n/Emma"
    assert not comment.internal


def test_gmail_reply_matched_by_references_is_trimmed(app, org, eml, now, file_ticket):
    ticket = file_ticket()
    values = reply_values(ticket, org.employee)
    values["IN_REPLY_TO"] = "<CAF8x2=unrelated@mail.gmail.com>"
    values["REFERENCES"] = f"<CAF8x2=first@mail.gmail.com> {thread_root_id(ticket.id)}"
    row = ingest(eml("gmail_reply.eml", **values), now)
    assert row.ticket_id == ticket.id
    assert public_comments(ticket)[-1].body == "Det hjälpte inte, samma fel kommer fortfarande."


def test_requester_mail_with_subject_reference_only_is_a_new_case(app, org, eml, now, file_ticket):
    """Anyone can type [INC-…] and a From header: without a signed hint the requester's
    case is left alone, and the message becomes a new case that names it."""
    ticket = file_ticket()
    values = reply_values(ticket, org.employee)
    values.update(IN_REPLY_TO="<unknown@elsewhere.example>", REFERENCES="")
    row = ingest(eml("gmail_reply.eml", **values), now)
    assert row.status == "processed" and row.ticket_id != ticket.id
    follow_up = db.session.get(Ticket, row.ticket_id)
    assert follow_up.requester_id == org.employee.id
    assert ticket.reference in follow_up.description
    assert "inte kom som svar" in follow_up.description
    assert public_comments(ticket) == [] and ticket.status == "new"


def test_agent_of_the_ticket_may_reply_by_mail(app, org, eml, now, file_ticket):
    ticket = file_ticket()
    row = ingest(eml("outlook_reply.eml", **reply_values(ticket, org.agent)), now)
    assert row.status == "processed"
    assert public_comments(ticket)[-1].author_id == org.agent.id


def test_forged_reply_from_another_user_does_not_post(app, org, eml, now, file_ticket):
    ticket = file_ticket()
    for fixture in ("gmail_reply.eml", "outlook_reply.eml"):
        row = ingest(eml(fixture, **reply_values(ticket, org.other_employee)), now)
        assert row.status == "quarantined"
        assert "may not reply" in row.reason and row.raw
    # An agent of another department's queue is not an agent for this ticket either.
    row = ingest(
        eml("gmail_reply.eml", **reply_values(ticket, org.soc_agent)).replace(
            b"gmail.reply.77", b"gmail.reply.78"
        ),
        now,
    )
    assert row.status == "quarantined"
    assert public_comments(ticket) == []
    assert count(Ticket) == 1


def test_forged_token_is_not_trusted(app, org, eml, now, file_ticket):
    mine = file_ticket()
    values = reply_values(mine, org.other_employee)
    values["TO"] = values["TO"].replace(f"+t{mine.id}-", f"+t{mine.id + 1}-")
    values["IN_REPLY_TO"] = "<ticket-1.00000000000000000000@tanum.example>"
    values["REFERENCES"] = values["IN_REPLY_TO"]
    values["REF"] = "INC-999999"
    row = ingest(eml("gmail_reply.eml", **values), now)
    # No valid thread hint: a new case from Olle, not a post on Emma's ticket.
    assert row.status == "processed" and row.ticket_id != mine.id
    assert public_comments(mine) == []


def test_reply_to_header_is_never_the_sender(app, org, eml, now, file_ticket):
    ticket = file_ticket()
    raw = eml("gmail_reply.eml", **reply_values(ticket, org.other_employee))
    raw = raw.replace(b"Subject:", b"Reply-To: " + org.employee.email.encode() + b"\r\nSubject:")
    assert ingest(raw, now).status == "quarantined"


def test_iso_8859_1_body_and_subject_are_decoded(app, org, eml, now):
    row = ingest(eml("iso_8859_1.eml", FROM=org.employee.email), now)
    ticket = db.session.get(Ticket, row.ticket_id)
    assert ticket.title == "Lösenord för Vårdsystemet är spärrat"
    assert "mitt lösenord är spärrat och jag får inte logga in på Vårdsystemet" in (
        ticket.description
    )
    assert "Åsa Öberg" in ticket.description


def test_windows_1252_body_and_utf8_encoded_word_subject(app, org, eml, now):
    row = ingest(eml("windows_1252_rfc2047.eml", FROM=org.employee.email), now)
    ticket = db.session.get(Ticket, row.ticket_id)
    assert ticket.title == "Skärmen är svart – hälp"
    assert ticket.description == "“Skärmen” är svart efter uppdateringen – går inte att väcka."


def test_attachments_kept_and_disallowed_type_skipped_with_a_note(app, org, eml, now):
    row = ingest(eml("attachment_base64.eml", FROM=org.employee.email), now)
    assert row.status == "processed"
    ticket = db.session.get(Ticket, row.ticket_id)
    files = list(db.session.scalars(select(Attachment).where(Attachment.ticket_id == ticket.id)))
    assert [f.filename for f in files] == ["felrapport.pdf"]
    assert files[0].content_type == "application/pdf" and files[0].size > 0
    assert "verktyg.exe" in ticket.description and "Bilagan sparades inte" in ticket.description


def test_attachment_on_a_reply_belongs_to_the_comment(app, org, eml, now, file_ticket):
    ticket = file_ticket()
    raw = eml("attachment_base64.eml", FROM=org.employee.email).replace(
        b"Subject: Felmeddelande", f"Subject: Re: [{ticket.reference}] Felmeddelande".encode()
    )
    raw = raw.replace(b"To: servicedesk@tanum.example", b"To: " + reply_address(ticket.id).encode())
    row = ingest(raw, now)
    assert row.ticket_id == ticket.id
    comment = public_comments(ticket)[-1]
    attachment = db.session.scalar(select(Attachment).where(Attachment.ticket_id == ticket.id))
    assert attachment.comment_id == comment.id


def test_html_only_mail_becomes_clean_text(app, org, eml, now):
    row = ingest(eml("html_only.eml", FROM=org.employee.email), now)
    text = db.session.get(Ticket, row.ticket_id).description
    assert "Teams startar inte på min dator." in text
    assert "Jag har provat omstart." in text and "Felkod: caa7000a" in text
    for bad in ("<", "alert", "script", "color: red", "javascript"):
        assert bad not in text


def test_out_of_office_reply_is_ignored_and_starts_no_loop(app, org, eml, now, file_ticket):
    ticket = file_ticket()
    outbox_before = count(OutboxMessage)
    row = ingest(eml("out_of_office.eml", **reply_values(ticket, org.employee)), now)
    assert row.status == "ignored" and "auto-replied" in row.reason
    assert public_comments(ticket) == []
    assert count(Ticket) == 1 and count(OutboxMessage) == outbox_before


def test_bounce_is_ignored_not_a_case(app, org, eml, now):
    row = ingest(eml("bounce.eml"), now)
    assert row.status == "ignored" and row.raw
    assert count(Ticket) == 0 and count(OutboxMessage) == 0


def test_bulk_list_and_own_address_are_ignored(app, org, eml, now):
    base = eml("new_multipart_alternative.eml", FROM=org.employee.email)
    variants = {
        b"Precedence: bulk\r\n": "Precedence",
        b"List-Id: <it-news.tanum.example>\r\n": "List-Id",
        b"X-Auto-Response-Suppress: OOF\r\n": "X-Auto-Response-Suppress",
        b"Auto-Submitted: auto-generated\r\n": "Auto-Submitted",
    }
    for n, (header, reason) in enumerate(variants.items()):
        raw = header + base.replace(b"new.1@", f"new.1.{n}@".encode())
        row = ingest(raw, now)
        assert row.status == "ignored" and reason in row.reason
    own = eml("new_multipart_alternative.eml", FROM="servicedesk@tanum.example")
    assert ingest(own.replace(b"new.1@", b"own@"), now).status == "ignored"
    assert count(Ticket) == 0


def test_auto_submitted_no_is_a_person(app, org, eml, now):
    raw = b"Auto-Submitted: no\r\n" + eml("new_multipart_alternative.eml", FROM=org.employee.email)
    assert ingest(raw, now).status == "processed"


def test_same_message_id_is_processed_once(app, org, eml, now):
    raw = eml("new_multipart_alternative.eml", FROM=org.employee.email)
    first = ingest_and_commit(raw, now=now)
    second = ingest_and_commit(raw, now=now)
    assert not first.duplicate and second.duplicate
    assert count(Ticket) == 1 and count(InboundMessage) == 1


def test_per_sender_rate_limit(app, org, eml, now):
    app.config["MAIL_INBOUND_PER_HOUR"] = 3
    base = eml("new_multipart_alternative.eml", FROM=org.employee.email)
    statuses = [
        ingest(base.replace(b"new.1@", f"storm.{n}@".encode()), now).status for n in range(5)
    ]
    assert statuses == ["processed"] * 3 + ["quarantined"] * 2
    assert count(Ticket) == 3


def test_unknown_sender_rejected_once_with_reply(app, org, eml, now):
    app.config["MAIL_UNKNOWN_SENDER"] = "reject"
    for n in range(3):
        raw = eml("new_multipart_alternative.eml", FROM="stranger@example.org")
        row = ingest(raw.replace(b"new.1@", f"stranger.{n}@".encode()), now)
        assert row.status == "quarantined" and "unknown sender" in row.reason
    replies = list(db.session.scalars(select(OutboxMessage)))
    assert [r.to_address for r in replies] == ["stranger@example.org"]
    assert replies[0].headers["Auto-Submitted"] == "auto-replied"
    assert "Skrivaren" not in replies[0].body_text  # nothing of the original is echoed
    assert count(Ticket) == 0 and count(User, User.email == "stranger@example.org") == 0


def test_unknown_sender_created_as_employee_without_password(app, org, eml, now):
    app.config["MAIL_UNKNOWN_SENDER"] = "create"
    row = ingest(eml("iso_8859_1.eml", FROM="asa.oberg@example.org"), now)
    assert row.status == "processed"
    user = db.session.scalar(select(User).where(User.email == "asa.oberg@example.org"))
    assert user.password_hash is None and user.roles == {"employee"}
    assert db.session.get(Ticket, row.ticket_id).requester_id == user.id


def test_unknown_sender_cannot_reply_to_a_ticket_even_with_create(app, org, eml, now, file_ticket):
    app.config["MAIL_UNKNOWN_SENDER"] = "create"
    ticket = file_ticket()
    values = reply_values(ticket, org.employee)
    values["FROM"] = "intruder@example.org"
    assert ingest(eml("gmail_reply.eml", **values), now).status == "quarantined"
    assert public_comments(ticket) == []


def test_unparseable_mail_is_quarantined_not_dropped(app, org, now):
    raw = b"this is not a mail\r\nat all"
    row = ingest(raw, now)
    assert row.status == "quarantined" and row.raw == raw and "From" in row.reason


def test_failure_while_processing_rolls_back_and_quarantines(app, org, eml, now, monkeypatch):
    from servicedesk.domain.mail import inbound_actions

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(inbound_actions, "_attach", boom)
    row = ingest(eml("attachment_base64.eml", FROM=org.employee.email), now)
    assert row.status == "quarantined" and "disk full" in row.reason and row.raw
    assert count(Ticket) == 0 and count(OutboxMessage) == 0  # the whole unit rolled back


def test_reply_to_closed_ticket_opens_a_follow_up_case(app, org, eml, now, file_ticket):
    ticket = file_ticket()
    ticket.status = "closed"
    db.session.commit()
    row = ingest(eml("gmail_reply.eml", **reply_values(ticket, org.employee)), now)
    follow_up = db.session.get(Ticket, row.ticket_id)
    assert follow_up.id != ticket.id and ticket.reference in follow_up.description


def test_dmarc_failure_is_quarantined(app, org, eml, now):
    raw = b"Authentication-Results: mx1.tanum.example; dmarc=fail header.from=tanum.example\r\n"
    raw += eml("new_multipart_alternative.eml", FROM=org.employee.email)
    row = ingest(raw, now)
    assert row.status == "quarantined" and "DMARC" in row.reason


def test_ingest_does_not_commit(app, org, eml, now):
    ingest_message(eml("new_multipart_alternative.eml", FROM=org.employee.email), now=now)
    db.session.rollback()
    assert count(InboundMessage) == 0 and count(Ticket) == 0


def test_internal_note_then_email_reply_keeps_note_internal(app, org, eml, now, file_ticket):
    ticket = file_ticket()
    add_comment(ticket, org.agent, "Intern: användaren är VIP", internal=True, now=now)
    db.session.commit()
    ingest(eml("gmail_reply.eml", **reply_values(ticket, org.employee)), now)
    bodies = [m.body_text for m in db.session.scalars(select(OutboxMessage))]
    assert not any("VIP" in body for body in bodies)


def test_oversized_mail_is_quarantined_without_acting(app, org, eml, now):
    app.config["MAIL_INBOUND_MAX_BYTES"] = 500
    row = ingest(eml("attachment_base64.eml", FROM=org.employee.email), now)
    assert row.status == "quarantined" and row.reason == "message too large" and row.raw
    assert count(Ticket) == 0


def test_mail_without_message_id_is_still_deduplicated(app, org, eml, now):
    raw = eml("iso_8859_1.eml", FROM=org.employee.email).replace(
        b"Message-ID: <latin1-5555@tanum.example>\r\n", b""
    )
    assert ingest(raw, now).message_id.startswith("<sha256-")
    assert ingest_and_commit(raw, now=now).duplicate
    assert count(Ticket) == 1
