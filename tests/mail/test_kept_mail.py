"""Deduplication by the message's digest, and kept mail an admin can see and reprocess
(issue 13, finding 2): different messages sharing a Message-ID are each handled; only
the same message again is a duplicate; nothing not acted on is lost."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import func, select

from servicedesk.domain.mail.ingest import content_digest
from servicedesk.domain.mail.pipeline import ingest_and_commit, reprocess_and_commit
from servicedesk.domain.mail.threading import reply_address
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, Comment, InboundMessage, OutboxMessage, Ticket
from tests.mail.test_sender_authority import comments, message

SHARED_ID = "<15090.61304.110929.45684@aaa.zzz.org>"


def mail(sender: str, subject: str, body: str, message_id: str = SHARED_ID) -> bytes:
    return (
        f"From: {sender}\r\nTo: servicedesk@tanum.example\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def ingest(raw: bytes, now):
    result = ingest_and_commit(raw, now=now)
    db.session.expire_all()
    return result


def test_different_messages_with_one_message_id_are_each_handled(app, org, now):
    first = ingest(mail(org.employee.email, "Skrivaren", "Papperstopp"), now)
    second = ingest(mail(org.employee.email, "Wifi", "Inget nät i B12"), now)
    assert not first.duplicate and not second.duplicate
    titles = sorted(t.title for t in db.session.scalars(select(Ticket)))
    assert titles == ["Skrivaren", "Wifi"]
    assert count(InboundMessage, InboundMessage.message_id == SHARED_ID) == 2


def test_unknown_sender_reusing_a_message_id_is_told_nothing_of_the_other_case(app, org, now):
    app.config["MAIL_UNKNOWN_SENDER"] = "reject"
    runner = app.test_cli_runner()
    own = runner.invoke(args=["mail", "ingest"], input=mail(org.employee.email, "Hej", "Text"))
    case = db.session.scalar(select(Ticket))
    assert case.reference in own.output
    other = runner.invoke(
        args=["mail", "ingest"], input=mail("stranger@example.org", "Hej", "Annan text")
    )
    assert other.exit_code == 0, other.output
    assert other.output.startswith("quarantined") and "unknown sender" in other.output
    assert case.reference not in other.output
    db.session.expire_all()
    kept = db.session.scalar(
        select(InboundMessage).where(InboundMessage.sender == "stranger@example.org")
    )
    assert kept.status == "quarantined" and kept.raw and kept.ticket_id is None
    assert [m.to_address for m in db.session.scalars(select(OutboxMessage)).all()][-1] == (
        "stranger@example.org"
    )  # the stranger gets the unknown-sender reply, not silence


def test_the_same_message_again_is_a_duplicate_also_with_new_trace_headers(app, org, now):
    raw = mail(org.employee.email, "Skrivaren", "Papperstopp")
    assert not ingest(raw, now).duplicate
    assert ingest(raw, now).duplicate
    # Re-sent by the sender's server / delivered by another path: new trace fields on top,
    # LF line endings instead of CRLF -- still the same message.
    redelivered = (
        b"Return-Path: <emma@tanum.example>\r\nDelivered-To: servicedesk@tanum.example\r\n"
        b"Received: from mx2.tanum.example\r\n\tby mx1.tanum.example; Thu, 26 Nov 2026\r\n" + raw
    ).replace(b"\r\n", b"\n")
    assert content_digest(redelivered) == content_digest(raw)
    again = ingest_and_commit(redelivered, now=now)
    assert again.duplicate
    assert count(Ticket) == 1 and count(InboundMessage) == 1
    # A trace field below the author's headers is part of the message.
    assert content_digest(raw.replace(b"Subject:", b"Received: x\r\nSubject:")) != (
        content_digest(raw)
    )


def test_duplicate_output_names_no_case(app, org):
    runner = app.test_cli_runner()
    raw = mail(org.employee.email, "Hej", "Text")
    runner.invoke(args=["mail", "ingest"], input=raw)
    again = runner.invoke(args=["mail", "ingest"], input=raw)
    assert again.exit_code == 0 and again.output.startswith("duplicate")
    assert "INC-" not in again.output


def cpython_corpus() -> list[Path]:
    spec = importlib.util.find_spec("test.test_email")
    if spec is None or not spec.submodule_search_locations:
        return []
    return sorted((Path(list(spec.submodule_search_locations)[0]) / "data").glob("msg_*.txt"))


def test_cpython_email_corpus_loses_no_message(app, org, now):
    files = cpython_corpus()
    if not files:
        pytest.skip("CPython's test.test_email corpus is not installed with this Python")
    app.config["MAIL_INBOUND_PER_HOUR"] = 10_000
    results = [ingest_and_commit(f.read_bytes(), now=now) for f in files]
    distinct = {content_digest(f.read_bytes()) for f in files}
    assert sum(not r.duplicate for r in results) == len(distinct) == count(InboundMessage)
    assert len(distinct) == len(files)  # the corpus has no two identical messages


def test_cli_lists_kept_mail_and_reprocesses_it_after_the_account_exists(app, org, now, make_user):
    app.config["MAIL_UNKNOWN_SENDER"] = "reject"
    kept = ingest(mail("nyanstalld@tanum.example", "Behöver konto", "Hej"), now).inbound
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["mail", "held"])
    assert f"#{kept.id}\t" in listed.output and "nyanstalld@tanum.example" in listed.output
    newcomer = make_user("Nina Nyanställd", email="nyanstalld@tanum.example")
    result = runner.invoke(args=["mail", "reprocess", str(kept.id)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    row = db.session.get(InboundMessage, kept.id)
    assert row.status == "processed" and row.raw is None
    assert db.session.get(Ticket, row.ticket_id).requester_id == newcomer.id
    assert db.session.get(Ticket, row.ticket_id).reference in result.output
    entry = db.session.scalar(select(AuditLog).where(AuditLog.object_type == "InboundMessage"))
    assert entry.action == "inbound_mail_reprocessed" and entry.actor_id is None
    # Processed mail cannot be run twice; an unknown id is a clear error.
    for arg in (str(kept.id), "999999", "99999999999999999999999"):
        again = runner.invoke(args=["mail", "reprocess", arg])
        assert again.exit_code != 0 and "Traceback" not in again.output
    assert count(Ticket) == 1


def test_held_staff_mail_stays_held_on_reprocess_and_accept_posts_it(app, org, now, file_ticket):
    ticket = file_ticket()
    raw = message(org.agent.email, f"Re: [{ticket.reference}] Kan inte logga in")
    held = ingest(raw, now).inbound
    assert held.status == "quarantined" and "held" in held.reason
    row = reprocess_and_commit(held.id, org.admin, now=now)
    assert row.status == "quarantined" and "held" in row.reason and comments(ticket) == []
    row = reprocess_and_commit(held.id, org.admin, now=now, vouched=True)
    db.session.expire_all()
    assert row.status == "processed" and row.reason.startswith("accepted by an admin")
    assert [c.author_id for c in comments(ticket)] == [org.agent.id]
    actions = [e.action for e in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert actions[-2:] == ["inbound_mail_reprocessed", "inbound_mail_accepted"]


def test_accept_never_lets_an_outsider_post_on_a_case(app, org, now, file_ticket):
    ticket = file_ticket()
    raw = message(org.other_employee.email, "Re: x", to=reply_address(ticket.id, org.employee.id))
    held = ingest(raw, now).inbound
    row = reprocess_and_commit(held.id, org.admin, now=now, vouched=True)
    assert row.status == "quarantined" and "may not reply" in row.reason
    assert comments(ticket) == []


def test_failure_on_reprocess_keeps_the_message_with_the_error(app, org, now, monkeypatch):
    from servicedesk.domain.mail import inbound_actions

    kept = ingest(b"this is not a mail\r\nat all", now).inbound
    monkeypatch.setattr(inbound_actions, "apply", lambda *a, **k: 1 / 0)
    good = mail(org.employee.email, "Hej", "Text", message_id="<ok@x>")
    row = db.session.get(InboundMessage, kept.id)
    row.raw = good  # as if the parser had been fixed for this message
    db.session.commit()
    row = reprocess_and_commit(kept.id, org.admin, now=now)
    db.session.expire_all()
    row = db.session.get(InboundMessage, kept.id)
    assert row.status == "quarantined" and "reprocessing failed" in row.reason
    assert row.raw == good and count(Ticket) == 0


def test_admin_page_reprocess_and_accept_by_post_with_csrf(
    app, org, client, auth, now, file_ticket
):
    ticket = file_ticket()
    held = ingest(message(org.agent.email, f"Re: [{ticket.reference}] x"), now).inbound
    auth.login(org.agent)
    token = auth.token("/desk/")
    url = f"/admin/mail/inbound/{held.id}/accept"
    assert client.post(url, data={"csrf_token": token}).status_code == 403
    auth.login(org.admin)
    page = client.get("/admin/mail/")
    assert f"/admin/mail/inbound/{held.id}/reprocess" in page.text and url in page.text
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 400  # no CSRF token
    token = auth.token("/admin/mail/")
    response = client.post(f"/admin/mail/inbound/{held.id}/reprocess", data={"csrf_token": token})
    assert response.status_code == 302
    assert comments(ticket) == []
    response = client.post(url, data={"csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200 and "behandlades" in response.text
    db.session.expire_all()
    assert [c.author_id for c in comments(ticket)] == [org.agent.id]
    assert count(Comment) == 1
    assert "Inkommande e-post godtagen som från avsändaren" in client.get("/admin/audit").text
    missing = client.post("/admin/mail/inbound/999999/accept", data={"csrf_token": token})
    assert missing.status_code == 302  # flashed "no such message", nothing done
