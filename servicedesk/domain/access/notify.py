"""The access area's mail: one short message in the recipient's language, through the
outbox, with an idempotency key so a repeated run never mails twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import current_app, render_template
from flask_babel import force_locale

from servicedesk.domain.mail.outbox import Mail, enqueue_mail
from servicedesk.models import User


def link(path: str) -> str:
    return current_app.config.get("BASE_URL", "").rstrip("/") + path


def notify(
    person: User | None,
    *,
    key: str,
    kind: str,
    subject: Callable[[], str],
    lines: Callable[[], list[str]],
    path: str,
    now: datetime,
    ticket_id: int | None = None,
) -> bool:
    """Queue one message to `person`; `subject` and `lines` are called in their locale."""
    if person is None or not person.active or not person.email:
        return False
    with force_locale(person.locale or "sv"):
        context = {"person": person, "lines": lines(), "link": link(path)}
        text = render_template("email/access_notice.txt", **context)
        html = render_template("email/access_notice.html", **context)
        title = subject().replace("\n", " ").replace("\r", " ")
    return enqueue_mail(
        Mail(
            key=f"{key}:{person.id}",
            kind=kind,
            to_address=person.email,
            recipient_id=person.id,
            ticket_id=ticket_id,
            subject=title,
            body_text=text,
            body_html=html,
        ),
        now=now,
    )
