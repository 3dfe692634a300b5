"""What an accepted inbound message does: a public reply on its ticket, or a new case from
the sender; attachments kept through the ticket domain (refused files are named in a note,
never a crash). Texts added here are in the sender's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.identity.users import create_user
from servicedesk.domain.mail.outbox import Mail, enqueue_mail
from servicedesk.domain.mail.parse import InboundAttachment, ParsedMail
from servicedesk.domain.mail.quoting import trim_reply
from servicedesk.domain.mail.render import one_line, render_mail
from servicedesk.domain.tickets.attachments import add_attachment, validate_upload
from servicedesk.domain.tickets.lifecycle import COMMENT_MAX, TITLE_MAX, add_comment, create_ticket
from servicedesk.models import Channel, Role, Status, Ticket, User


@dataclass
class Outcome:
    ticket: Ticket
    reason: str


def _screen(files: list[InboundAttachment]) -> tuple[list[InboundAttachment], list[str]]:
    """Split attachments into acceptable ones and notes about the refused ones."""
    config = current_app.config
    kept, notes = [], []
    for item in files:
        try:
            validate_upload(
                item.filename,
                item.data,
                allowed=config["ATTACHMENT_EXTENSIONS"],
                max_bytes=config["ATTACHMENT_MAX_BYTES"],
            )
        except ValidationError as exc:
            notes.append(
                _(
                    "Attachment not kept: %(name)s (%(reason)s)",
                    name=item.filename,
                    reason=exc.message,
                )
            )
        else:
            kept.append(item)
    return kept, notes


def _attach(ticket: Ticket, sender: User, files, *, comment_id: int | None, now: datetime):
    config = current_app.config
    for item in files:
        add_attachment(
            ticket,
            sender,
            item.filename,
            item.data,
            storage_dir=config["ATTACHMENT_DIR"],
            allowed=config["ATTACHMENT_EXTENSIONS"],
            max_bytes=config["ATTACHMENT_MAX_BYTES"],
            comment_id=comment_id,
            now=now,
        )


def _text(body: str, notes: list[str], *, prefix: str = "") -> str:
    parts = [p for p in (prefix, body.strip(), "\n".join(notes)) if p]
    return ("\n\n".join(parts) or _("(The message had no text.)"))[:COMMENT_MAX]


def apply(
    mail: ParsedMail,
    sender: User,
    ticket: Ticket | None,
    *,
    now: datetime,
    adds_to_ticket: bool = True,
) -> Outcome:
    """A public reply on `ticket`, or a new case. With `adds_to_ticket` False (the message
    only named the ticket in its subject) the ticket is left alone: the new case names it."""
    with force_locale(sender.locale):
        kept, notes = _screen(mail.attachments)
        if ticket is not None and adds_to_ticket and ticket.status != Status.CLOSED:
            comment = add_comment(
                ticket, sender, _text(trim_reply(mail.body), notes), source=Channel.EMAIL, now=now
            )
            _attach(ticket, sender, kept, comment_id=comment.id, now=now)
            return Outcome(ticket, f"reply on {ticket.reference}")
        prefix = ""
        if ticket is not None and ticket.status == Status.CLOSED:
            prefix = _("Follow-up to the closed case %(reference)s.", reference=ticket.reference)
        elif ticket is not None:
            prefix = _(
                "Refers to %(reference)s. It was not added to that case because it did not "
                "come as a reply to the desk's mail.",
                reference=ticket.reference,
            )
        title = one_line(mail.subject, TITLE_MAX) or _("(no subject)")
        new = create_ticket(
            requester=sender,
            actor=sender,
            title=title,
            description=_text(mail.body, notes, prefix=prefix),
            channel=Channel.EMAIL,
            now=now,
        )
        _attach(new, sender, kept, comment_id=None, now=now)
        return Outcome(new, f"new case {new.reference}")


def create_requester(mail: ParsedMail) -> User:
    """Policy "create": an employee account without a password (log in via reset/SSO)."""
    name = one_line(mail.sender_name, 200) or mail.sender.partition("@")[0]
    return create_user(email=mail.sender, name=name, password=None, roles={Role.EMPLOYEE})


def reject_unknown_sender(address: str, *, now: datetime) -> bool:
    """Policy "reject": one short reply per address and day, without the original text,
    marked auto-replied so well-behaved systems never answer it."""
    subject, text, html = render_mail("unknown_sender", locale="sv")
    return enqueue_mail(
        Mail(
            key=f"reject-unknown:{address}:{now.date().isoformat()}"[:200],
            kind="unknown_sender",
            to_address=address,
            subject=subject,
            body_text=text,
            body_html=html,
            headers={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
        ),
        now=now,
    )
