"""The resolved mail carries the solution, never an internal note."""

from __future__ import annotations

from servicedesk.domain.tickets import lifecycle as t
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage
from tests.resolving import resolve


def test_solution_in_the_resolved_mail_and_no_internal_note(org, file_ticket, now):
    ticket = file_ticket(service=org.email)
    t.add_comment(ticket, org.agent, "HEMLIG intern anteckning", internal=True, now=now)
    resolve(
        ticket, org.agent, now=now, solution="Byt lösenord via **minsida**.", code="user_instructed"
    )
    db.session.commit()
    [mail] = db.session.query(OutboxMessage).filter_by(kind="ticket_resolved").all()
    assert mail.to_address == org.employee.email
    assert "Byt lösenord via **minsida**." in mail.body_text
    assert "Byt lösenord via <strong>minsida</strong>." in mail.body_html
    for body in (mail.body_text, mail.body_html):
        assert "HEMLIG" not in body
    assert "Lösning" in mail.body_text
