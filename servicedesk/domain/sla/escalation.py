"""Escalation mail for a warning or breach, written to the outbox in the caller's transaction.

Warnings go to the assignee (else the queue lead); breaches to the queue lead and the
service's systemförvaltare and deputy (an OLA breach, the queue's internal target,
goes to the queue lead only). Each recipient gets the mail in their own language;
the key `sla:<timer>:<kind>:<recipient>` makes a repeat a no-op.

Many at once (the watcher catching up on 10,000 breaches) cost one template render per mail
shape and process, not per mail: a shape (warning or breach, language, clock, priority, target, warning
threshold) is rendered once with marker strings where the per-mail values go (recipient's
name, reference, title, due time), and each mail is that text with its values put in —
HTML-escaped in the HTML part, as Jinja's autoescape would. The first mail of every shape
is also rendered the ordinary way and compared; a template whose output the markers cannot
reproduce (say, a filter applied to the title) is rendered the ordinary way for every mail.
All mails of a batch go to the outbox in one statement.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace

from flask import current_app, render_template
from flask_babel import force_locale, gettext
from markupsafe import escape

from servicedesk.domain.mail.outbox import Mail, enqueue_mails
from servicedesk.domain.mail.threading import outbox_headers_for_ticket
from servicedesk.domain.permissions import can_view_ticket, visible_ticket_ids
from servicedesk.domain.sla import labels
from servicedesk.domain.text import single_line
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, SlaTimer, Ticket, User
from servicedesk.models.sla import LEGAL_KINDS

SLOTS = ("name", "reference", "title", "due")
_TOKEN = secrets.token_hex(6)
_MARK = {slot: f"sdslot{_TOKEN}{slot}x" for slot in SLOTS}
_SPLIT = re.compile("(" + "|".join(_MARK.values()) + ")")
_SLOT_OF = {mark: slot for slot, mark in _MARK.items()}
# A stand-in due instant whose local form cannot occur in a template's own text.
_SAMPLE_DUE = datetime(1903, 3, 3, 3, 3, tzinfo=UTC)


def recipients(timer: SlaTimer, ticket: Ticket, kind: str) -> list[User]:
    """Who hears about it, without duplicates, inactive accounts and anyone who may not see
    the ticket (a lead of a queue that held a confidential case before, say)."""
    return [
        person for person in _candidates(timer, ticket, kind) if can_view_ticket(person, ticket)
    ]


def _candidates(timer: SlaTimer, ticket: Ticket, kind: str) -> list[User]:
    """Who would hear about it by their role, active and each once; not yet checked for
    whether they may see the ticket."""
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
    return list(seen.values())


def _template(timer, kind: str) -> str:
    """The mail's template: a security incident's legal clock has its own texts, naming the
    authority and the deadline (templates/email/security_clock_*)."""
    prefix = "security_clock" if timer.kind in LEGAL_KINDS else "sla"
    return f"{prefix}_warning" if kind == "warn" else f"{prefix}_breach"


def _subject(timer, kind: str, reference: str, title: str, due: str) -> str:
    if timer.kind in LEGAL_KINDS:
        what = labels.legal_due(timer.kind, due)
        if kind == "warn":
            return gettext("[%(ref)s] %(what)s: %(title)s", ref=reference, what=what, title=title)
        return gettext("[%(ref)s] Deadline passed: %(what)s", ref=reference, what=what)
    if kind == "warn":
        return gettext("[%(ref)s] SLA warning: %(title)s", ref=reference, title=title)
    return gettext("[%(ref)s] SLA breached: %(title)s", ref=reference, title=title)


def render(timer: SlaTimer, ticket: Ticket, kind: str, user: User) -> tuple[str, str, str]:
    """Subject, text and html in the recipient's language."""
    name = _template(timer, kind)
    with force_locale(user.locale or "sv"):
        context = {"timer": timer, "ticket": ticket, "recipient": user}
        due = _local(timer.breached_at or timer.due_at)
        subject = _subject(timer, kind, ticket.reference, ticket.title, due)
        text = render_template(f"email/{name}.txt", **context)
        html = render_template(f"email/{name}.html", **context)
    return single_line(subject), text, html


@dataclass
class Shape:
    """One rendered mail with slots: literal parts and slot names, alternating."""

    subject: list[str]
    text: list[str]
    html: list[str]
    checked: bool = False
    fallback: bool = False  # the markers could not reproduce the template's output

    def fill(self, values: dict[str, str]) -> tuple[str, str, str]:
        escaped = {k: str(escape(v)) for k, v in values.items()}
        return (
            single_line(_join(self.subject, values)),
            _join(self.text, values),
            _join(self.html, escaped),
        )


def _parts(rendered: str) -> list[str]:
    return _SPLIT.split(rendered)


def _join(parts: list[str], values: dict[str, str]) -> str:
    # re.split with one group: literals at even positions, markers at odd ones.
    return "".join(part if i % 2 == 0 else values[_SLOT_OF[part]] for i, part in enumerate(parts))


def _shape_key(timer: SlaTimer, ticket: Ticket, kind: str, locale: str) -> tuple:
    return (
        kind,
        locale,
        timer.kind,
        ticket.priority,
        timer.target_minutes,
        timer.warn_percent,
        timer.calendar_id,  # the target reads in that calendar's working days
    )


def _render_shape(timer: SlaTimer, ticket: Ticket, kind: str, locale: str) -> Shape:
    name = _template(timer, kind)
    stand_in_timer = SimpleNamespace(
        kind=timer.kind,
        target_minutes=timer.target_minutes,
        warn_percent=timer.warn_percent,
        calendar=timer.calendar,
        breached_at=_SAMPLE_DUE,
        due_at=_SAMPLE_DUE,
    )
    stand_in_ticket = SimpleNamespace(
        reference=_MARK["reference"], title=_MARK["title"], priority=ticket.priority
    )
    context = {
        "timer": stand_in_timer,
        "ticket": stand_in_ticket,
        "recipient": SimpleNamespace(name=_MARK["name"]),
    }
    with force_locale(locale):
        sample_due = _local(_SAMPLE_DUE)
        subject = _subject(timer, kind, _MARK["reference"], _MARK["title"], _MARK["due"])
        text = render_template(f"email/{name}.txt", **context)
        html = render_template(f"email/{name}.html", **context)
    text = text.replace(sample_due, _MARK["due"])
    html = html.replace(str(escape(sample_due)), _MARK["due"])
    return Shape(_parts(subject), _parts(text), _parts(html))


def _local(instant: datetime | None) -> str:
    return current_app.jinja_env.filters["localtime"](instant)


MAX_SHAPES = 512


class Renderer:
    """Escalation mails by shape. The shapes are kept on the app (templates and catalogs do
    not change while it runs), so a tick with two due timers renders no more than one with
    ten thousand; a bound keeps a policy with ever new targets from growing it forever."""

    def __init__(self) -> None:
        self.shapes: dict[tuple, Shape] = current_app.extensions.setdefault("sla_mail_shapes", {})
        if len(self.shapes) > MAX_SHAPES:
            self.shapes.clear()

    def mail(self, timer: SlaTimer, ticket: Ticket, kind: str, user: User) -> Mail:
        locale = user.locale or "sv"
        key = _shape_key(timer, ticket, kind, locale)
        shape = self.shapes.get(key)
        if shape is None:
            shape = self.shapes[key] = _render_shape(timer, ticket, kind, locale)
        if shape.fallback:
            subject, text, html = render(timer, ticket, kind, user)
        else:
            with force_locale(locale):
                due = _local(timer.breached_at or timer.due_at)
            values = {
                "name": user.name,
                "reference": ticket.reference,
                "title": ticket.title,
                "due": due,
            }
            subject, text, html = shape.fill(values)
            if not shape.checked:
                shape.checked = True
                if (subject, text, html) != render(timer, ticket, kind, user):
                    shape.fallback = True
                    subject, text, html = render(timer, ticket, kind, user)
        return Mail(
            key=f"sla:{timer.id}:{kind}:{user.id}",
            kind=f"sla_{kind}",
            to_address=user.email,
            subject=subject,
            body_text=text,
            body_html=html,
            recipient_id=user.id,
            ticket_id=ticket.id,
            headers=outbox_headers_for_ticket(ticket.id, user.id),  # threads, signed for them
        )


def escalate_all(
    items: list[tuple[SlaTimer, str]], *, now: datetime, renderer: Renderer | None = None
) -> int:
    """Queue the escalation mails of newly recorded warnings and breaches (timer, kind), in
    one outbox statement; returns how many were queued."""
    renderer = renderer or Renderer()
    planned: list[tuple[SlaTimer, str, Ticket, User]] = []
    for timer, kind in items:
        ticket = db.session.get(Ticket, timer.ticket_id)
        planned += [(timer, kind, ticket, user) for user in _candidates(timer, ticket, kind)]
    # the same visibility rule as `recipients`, one query per person instead of per mail
    asked: dict[int, tuple[User, set[int]]] = {}
    for _timer, _kind, ticket, user in planned:
        asked.setdefault(user.id, (user, set()))[1].add(ticket.id)
    visible = {
        (user_id, ticket_id)
        for user_id, (user, ticket_ids) in asked.items()
        for ticket_id in visible_ticket_ids(user, ticket_ids)
    }
    mails = [
        renderer.mail(timer, ticket, kind, user)
        for timer, kind, ticket, user in planned
        if (user.id, ticket.id) in visible
    ]
    return enqueue_mails(mails, now=now)


def escalate(timer: SlaTimer, kind: str, *, now: datetime) -> int:
    """Queue the escalation mails for a newly recorded warning or breach; returns how many."""
    return escalate_all([(timer, kind)], now=now)
