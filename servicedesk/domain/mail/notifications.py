"""Who hears about a ticket event by mail, and what they get (django-helpdesk's fan-out).

Receivers of the ticket domain's events: each builds the recipient list, drops duplicates,
the acting user and inactive accounts, renders the mail in the recipient's language and
queues it in the same transaction through the outbox, with one idempotency key per
event and recipient. Quoted history comes from the requester's view of the ticket, so an
internal note can never travel by mail.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from flask import Flask

from servicedesk.domain.mail.outbox import Mail, enqueue_mail
from servicedesk.domain.mail.render import absolute_url, render_mail
from servicedesk.domain.mail.threading import outbox_headers_for_ticket
from servicedesk.domain.permissions import can_view_ticket
from servicedesk.domain.reports.survey import survey_url
from servicedesk.domain.tickets import events
from servicedesk.domain.tickets.view import comments_for
from servicedesk.models import Comment, Status, Ticket, User

QUOTED_ENTRIES = 3


def _recipients(candidates: list[User | None], actor: User | None) -> list[User]:
    """Each active person once, never the one who caused the event."""
    seen: set[int] = set()
    chosen = []
    for user in candidates:
        if user is None or not user.active or user.id in seen:
            continue
        if actor is not None and user.id == actor.id:
            continue
        seen.add(user.id)
        chosen.append(user)
    return chosen


def ticket_link(ticket: Ticket, user: User) -> str:
    """Requesters get the portal page; staff the desk page."""
    if user.id == ticket.requester_id or not user.is_staff:
        return absolute_url("portal.ticket_detail", ticket_id=ticket.id)
    return absolute_url("desk.ticket_detail", ticket_id=ticket.id)


def requester_history(ticket: Ticket, *, exclude: Comment | None = None) -> list[Comment]:
    """The last public entries, newest first: only what the requester may read."""
    public = [c for c in comments_for(ticket, staff=False) if exclude is None or c.id != exclude.id]
    return list(reversed(public[-QUOTED_ENTRIES:]))


# Set while history is being brought in (imports): events then happened long ago, and
# mailing people about them now would be noise, so nothing is queued.
_suppressed: ContextVar[bool] = ContextVar("notifications_suppressed", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def notify(
    template: str,
    *,
    key: str,
    ticket: Ticket,
    recipient: User,
    now: datetime,
    auto: str = "auto-generated",
    **context,
) -> bool:
    """Render `template` for one recipient and queue it; False when already queued, or
    when the recipient may not see the ticket (the one visibility rule, for every mail)."""
    if _suppressed.get() or not can_view_ticket(recipient, ticket):
        return False
    subject, text, html = render_mail(
        template,
        locale=recipient.locale,
        ticket=ticket,
        reference=ticket.reference,
        recipient=recipient,
        ticket_url=ticket_link(ticket, recipient),
        **context,
    )
    headers = outbox_headers_for_ticket(ticket.id, recipient.id)
    headers["Auto-Submitted"] = auto
    return enqueue_mail(
        Mail(
            key=f"{key}:to:{recipient.id}",
            kind=template,
            to_address=recipient.email,
            subject=subject,
            body_text=text,
            body_html=html,
            recipient_id=recipient.id,
            ticket_id=ticket.id,
            headers=headers,
        ),
        now=now,
    )


def on_ticket_created(
    ticket: Ticket, *, actor: User | None, now: datetime, imported: bool = False, **_
) -> None:
    if imported:
        return  # a case from the past (import): its requester was answered back then
    for user in _recipients([ticket.requester], None):
        notify(
            "ticket_created",
            key=f"ticket:{ticket.id}:created",
            ticket=ticket,
            recipient=user,
            now=now,
            auto="auto-replied",
            reply_marker=True,
        )


def on_comment_added(
    ticket: Ticket, *, comment: Comment, actor: User | None, now: datetime, **_
) -> None:
    if comment.internal:
        return  # an internal note is never mailed to the requester
    if comment.author_id == ticket.requester_id:
        template, candidates = "reply_to_assignee", [ticket.assignee]
    else:
        template, candidates = "reply_to_requester", [ticket.requester]
    history = requester_history(ticket, exclude=comment)
    for user in _recipients(candidates, actor):
        notify(
            template,
            key=f"comment:{comment.id}",
            ticket=ticket,
            recipient=user,
            now=now,
            comment=comment,
            history=history,
            reply_marker=True,
        )


def on_status_changed(
    ticket: Ticket, *, old: str, new: str, actor: User | None, now: datetime, **_
) -> None:
    if new != Status.RESOLVED:
        return
    for user in _recipients([ticket.requester], actor):
        notify(
            "ticket_resolved",
            key=f"ticket:{ticket.id}:resolved:{now.isoformat()}",
            ticket=ticket,
            recipient=user,
            now=now,
            # one-click ratings 1-5; each opens a page that asks to confirm (no change on GET)
            survey_links=[(rating, survey_url(ticket, rating)) for rating in range(1, 6)],
        )


def on_ticket_assigned(
    ticket: Ticket, *, old: User | None, new: User | None, actor: User | None, now: datetime, **_
) -> None:
    for user in _recipients([new], actor):
        notify(
            "ticket_assigned",
            key=f"ticket:{ticket.id}:assigned:{now.isoformat()}",
            ticket=ticket,
            recipient=user,
            now=now,
            actor=actor,
        )


def register(app: Flask) -> None:
    """Connect the receivers (weakly referenced module functions live for the process)."""
    events.ticket_created.connect(on_ticket_created)
    events.comment_added.connect(on_comment_added)
    events.status_changed.connect(on_status_changed)
    events.ticket_assigned.connect(on_ticket_assigned)
