"""Escalation mail for a warning or breach, written to the outbox in the caller's transaction.

Warnings go to the assignee (else the queue lead); breaches to the queue lead and the
service's systemförvaltare and deputy (an OLA breach, the queue's internal target,
goes to the queue lead only). Each recipient gets the mail in their own language;
the key `sla:<timer>:<kind>:<recipient>` makes a repeat a no-op.
"""

from __future__ import annotations

from datetime import datetime

from flask import render_template
from flask_babel import force_locale, gettext

from servicedesk.domain.mail.outbox import Mail, enqueue_mail
from servicedesk.domain.mail.threading import outbox_headers_for_ticket
from servicedesk.domain.permissions import can_view_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, SlaTimer, Ticket, User


def recipients(timer: SlaTimer, ticket: Ticket, kind: str) -> list[User]:
    """Who hears about it, without duplicates, inactive accounts and anyone who may not see
    the ticket (a lead of a queue that held a confidential case before, say)."""
    queue = db.session.get(Queue, timer.queue_id) if timer.queue_id else ticket.queue
    lead = queue.lead if queue is not None else None
    if kind == "warn":
        people = [ticket.assignee or lead]
    else:
        service = ticket.service
        people = [lead]
        if service is not None and timer.kind != "ola":  # an OLA is the queue's own target
            people += [service.administrator, service.deputy]
    seen: dict[int, User] = {}
    for person in people:
        if person is not None and person.active and person.id not in seen:
            seen[person.id] = person
    return [person for person in seen.values() if can_view_ticket(person, ticket)]


def render(timer: SlaTimer, ticket: Ticket, kind: str, user: User) -> tuple[str, str, str]:
    """Subject, text and html in the recipient's language."""
    name = "sla_warning" if kind == "warn" else "sla_breach"
    with force_locale(user.locale or "sv"):
        context = {"timer": timer, "ticket": ticket, "recipient": user}
        if kind == "warn":
            subject = gettext(
                "[%(ref)s] SLA warning: %(title)s", ref=ticket.reference, title=ticket.title
            )
        else:
            subject = gettext(
                "[%(ref)s] SLA breached: %(title)s", ref=ticket.reference, title=ticket.title
            )
        text = render_template(f"email/{name}.txt", **context)
        html = render_template(f"email/{name}.html", **context)
    return subject.replace("\r", " ").replace("\n", " "), text, html


def escalate(timer: SlaTimer, kind: str, *, now: datetime) -> int:
    """Queue the escalation mails for a newly recorded warning or breach; returns how many."""
    ticket = db.session.get(Ticket, timer.ticket_id)
    sent = 0
    for user in recipients(timer, ticket, kind):
        subject, text, html = render(timer, ticket, kind, user)
        sent += enqueue_mail(
            Mail(
                key=f"sla:{timer.id}:{kind}:{user.id}",
                kind=f"sla_{kind}",
                to_address=user.email,
                subject=subject,
                body_text=text,
                body_html=html,
                recipient_id=user.id,
                ticket_id=ticket.id,
                headers=outbox_headers_for_ticket(ticket.id, user.id),  # threads with the case
            ),
            now=now,
        )
    return sent
