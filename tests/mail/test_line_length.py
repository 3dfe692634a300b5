"""Every outgoing part respects SMTP's 998-character line limit (RFC 5321 4.5.3.1.6).

aiosmtpd refuses a longer line with "500 Line too long", as standards-enforcing servers
do; the resolved mail's HTML part (five one-click rating links on one line) was such a
line, so that mail never arrived. Every kind goes through the same builder, in both
languages, and each must arrive and decode to exactly the text that was queued.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from servicedesk.domain.mail.inbound_actions import reject_unknown_sender
from servicedesk.domain.mail.outbox import Mail, enqueue_mail
from servicedesk.domain.mail.sender import build_message, send_due_mail
from servicedesk.domain.tickets.lifecycle import add_comment, assign_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage
from tests.resolving import resolve

SMTP_LINE_LIMIT = 998
TICKET_KINDS = {
    "ticket_created",
    "reply_to_requester",
    "reply_to_assignee",
    "ticket_assigned",
    "ticket_resolved",
}


def _every_ticket_kind(org, make_user, file_ticket, now, locale: str) -> None:
    requester = make_user(f"Requester {locale}", locale=locale)
    assignee = make_user(f"Agent {locale}", {"agent"}, org.it, [org.central], locale=locale)
    ticket = file_ticket(requester=requester)  # ticket_created
    assign_ticket(ticket, org.agent, assignee, now=now)  # ticket_assigned
    add_comment(ticket, org.agent, "Starta om datorn. " * 80, now=now)  # reply_to_requester
    add_comment(ticket, requester, "Det hjälpte inte. " + "å" * 1500, now=now)  # to assignee
    resolve(ticket, org.agent, now=now)  # ticket_resolved (rating links)
    db.session.commit()


def _received_by_id(smtp_server) -> dict[str, object]:
    return {m["Message-ID"]: m for m in smtp_server.messages}


def _text(part) -> str:
    return part.get_content().replace("\r\n", "\n")


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_every_kind_arrives_through_a_line_length_enforcing_server(
    app, org, make_user, file_ticket, smtp_server, now, locale
):
    _every_ticket_kind(org, make_user, file_ticket, now, locale)
    reject_unknown_sender("stranger@example.org", now=now)
    db.session.commit()

    sent, failed = send_due_mail(now=now)

    rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert {r.kind for r in rows} >= TICKET_KINDS | {"unknown_sender"}
    assert failed == 0, [r.last_error for r in rows if r.last_error]
    assert sent == len(rows) and all(r.status == "sent" for r in rows)
    received = _received_by_id(smtp_server)
    for row in rows:
        message = received[build_message(row).msgId]
        assert _text(message.get_body(preferencelist=("plain",))) == row.body_text
        assert _text(message.get_body(preferencelist=("html",))) == row.body_html
    resolved = next(r for r in rows if r.kind == "ticket_resolved")
    assert resolved.body_html.count("/survey/") >= 5  # the long line is there, and arrived


def test_no_line_of_any_part_exceeds_the_limit(app, org, now):
    """The builder is the one place messages are made: an SLA, approval or report mail with
    a long line, non-ASCII text and no spaces to break at is wrapped just the same."""
    long_line = "Vårdsystemet;" + "x" * 3000 + "\n"
    enqueue_mail(
        Mail(
            key="long",
            kind="sla_breach",
            to_address=org.agent.email,
            subject="Lång rad " * 40,
            body_text=long_line * 2,
            body_html=f"<p>{long_line}</p>",
        ),
        now=now,
    )
    db.session.commit()
    row = db.session.scalars(select(OutboxMessage)).one()
    raw = build_message(row).as_bytes()
    assert max(len(line) for line in raw.split(b"\r\n")) <= SMTP_LINE_LIMIT
    assert max(len(line) for line in raw.split(b"\n")) <= SMTP_LINE_LIMIT


def test_long_mail_is_delivered_after_an_earlier_refusal(app, org, smtp_server, now):
    """A row that failed with "Line too long" under the old builder goes out on retry."""
    enqueue_mail(
        Mail(
            key="retry",
            kind="ticket_resolved",
            to_address=org.employee.email,
            subject="Löst",
            body_text="ok\n",
            body_html="<p>" + "<a href='https://x/survey'>1</a>" * 200 + "</p>",
        ),
        now=now - timedelta(minutes=5),
    )
    db.session.commit()
    assert send_due_mail(now=now) == (1, 0)
    [message] = smtp_server.messages
    assert "<a href='https://x/survey'>1</a>" * 200 in _text(
        message.get_body(preferencelist=("html",))
    )
