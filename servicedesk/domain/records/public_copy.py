"""A single record's public copy (utlämnande av allmän handling): what the registrar hands
out when someone asks to see one ticket.

The copy holds the ticket's public content: reference, dates, status, subject, description,
the public replies and the files' names. Content under a standing secrecy mark is replaced
by the mask naming the provision ("[Sekretess enligt OSL 26 kap. 1 §]"): a mark on the
whole ticket masks its subject, description, sender and every comment and file; a mark on a
comment or file masks that one. Internal notes (and internal files) are left out unless
the registrar chooses them, and then they are masked by the same marks. Each copy made is a
history line on the ticket and an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import PermissionDenied
from servicedesk.domain.permissions import is_registrar
from servicedesk.domain.records.secrecy import mask_text, secrecy_targets, standing_marks
from servicedesk.infra.extensions import db
from servicedesk.models import Ticket, User


@dataclass(frozen=True)
class CopyEntry:
    at: datetime
    author: str
    internal: bool
    text: str  # markdown, or the mask
    masked: bool


@dataclass(frozen=True)
class CopyFile:
    name: str  # the file name, or the mask
    size: int
    internal: bool
    masked: bool


@dataclass(frozen=True)
class PublicCopy:
    reference: str
    authority: str
    created_at: datetime
    closed_at: datetime | None
    status: str
    sender: str
    subject: str
    description: str
    masked: bool  # the whole ticket is under a mark
    provisions: tuple[str, ...]  # the standing marks' provisions
    entries: list[CopyEntry]
    files: list[CopyFile]
    with_internal: bool
    made_at: datetime
    made_by: str


def require_may_copy(actor: User, ticket: Ticket) -> None:
    """Handing out a record is the registrar's (of the ticket's authority) or an admin's."""
    if ticket.authority_id is None or not is_registrar(actor, ticket.authority_id):
        raise PermissionDenied(_l("Only the authority's registrars may do this."))


def make_public_copy(
    actor: User, ticket: Ticket, *, with_internal: bool = False, now: datetime
) -> PublicCopy:
    """The copy of `ticket` (see the module's text), recorded in its history and the audit
    log."""
    from servicedesk.domain import labels
    from servicedesk.domain.tickets.lifecycle import record_history
    from servicedesk.models import Authority

    require_may_copy(actor, ticket)
    marks = standing_marks(ticket)
    whole = marks.whole
    comments, files = secrecy_targets(ticket)
    entries = []
    for comment in comments:
        if comment.internal and not with_internal:
            continue
        mark = marks.on_comment(comment.id)
        entries.append(
            CopyEntry(
                at=comment.created_at,
                author=comment.author.name if comment.author and not whole else "",
                internal=comment.internal,
                text=mask_text(mark.provision) if mark else comment.body,
                masked=mark is not None,
            )
        )
    copies = []
    for attachment in files:
        if attachment.internal and not with_internal:
            continue
        mark = marks.on_file(attachment.id)
        copies.append(
            CopyFile(
                name=mask_text(mark.provision) if mark else attachment.filename,
                size=attachment.size,
                internal=attachment.internal,
                masked=mark is not None,
            )
        )
    authority = db.session.get(Authority, ticket.authority_id)
    requester = db.session.get(User, ticket.requester_id) if ticket.requester_id else None
    whole_mask = mask_text(whole.provision) if whole else ""
    copy = PublicCopy(
        reference=ticket.reference,
        authority=authority.name if authority else "",
        created_at=ticket.created_at,
        closed_at=ticket.closed_at,
        status=str(labels.label(labels.STATUS, ticket.status)),
        sender=whole_mask if whole else (requester.name if requester else ""),
        subject=whole_mask or ticket.title,
        description=whole_mask or ticket.description or "",
        masked=whole is not None,
        provisions=tuple(sorted({f"OSL {m.provision.code}" for m in marks.marks})),
        entries=entries,
        files=copies,
        with_internal=with_internal,
        made_at=now,
        made_by=actor.name,
    )
    what = "internal" if with_internal else "public"
    record_history(ticket, actor, "public_copy", None, what, now=now, internal=True)
    record_audit(actor, "public_copy_made", ticket, new=what, label=ticket.reference, now=now)
    db.session.flush()
    return copy
