"""Mail replies ingested while staff comment on the same ticket: every one lands."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from servicedesk.domain.mail.pipeline import ingest_and_commit
from servicedesk.domain.mail.threading import reply_address, thread_root_id
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db
from servicedesk.models import Comment, InboundMessage, Ticket, User

EACH = 8


def test_mail_replies_and_desk_comments_at_once_all_land(app, org, eml, now, file_ticket):
    ticket = file_ticket()
    ticket_id, agent_id = ticket.id, org.agent.id
    raw = eml(
        "gmail_reply.eml",
        FROM=org.employee.email,
        TO=reply_address(ticket.id),
        REF=ticket.reference,
        IN_REPLY_TO=thread_root_id(ticket.id),
        REFERENCES=thread_root_id(ticket.id),
    )
    mails = [raw.replace(b"gmail.reply.77", f"gmail.reply.{n}".encode()) for n in range(EACH)]
    start = threading.Barrier(2 * EACH)
    errors: list[BaseException] = []

    def in_thread(work):
        def run():
            try:
                with app.app_context():
                    start.wait()
                    work()
                    db.session.remove()
            except BaseException as exc:
                errors.append(exc)

        return threading.Thread(target=run)

    def desk_reply(n):
        def work():
            add_comment(
                db.session.get(Ticket, ticket_id),
                db.session.get(User, agent_id),
                f"Svar {n}",
                now=now,
            )
            db.session.commit()

        return work

    threads = [in_thread(lambda m=m: ingest_and_commit(m, now=now)) for m in mails]
    threads += [in_thread(desk_reply(n)) for n in range(EACH)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    db.session.expire_all()
    statuses = db.session.scalars(select(InboundMessage.status)).all()
    assert statuses == ["processed"] * EACH
    count = db.session.scalar(select(func.count()).where(Comment.ticket_id == ticket_id))
    assert count == 2 * EACH
