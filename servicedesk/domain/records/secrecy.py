"""Secrecy marking (sekretessmarkering): the OSL provisions admins keep, and marks on a
ticket, one comment or one file. Marking and lifting are history lines and audit entries;
the register and public-record exports show marked content masked."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.permissions import may_read_marked, require_agent
from servicedesk.domain.text import single_line
from servicedesk.infra.extensions import db
from servicedesk.models import Attachment, Comment, OslProvision, Role, SecrecyMark, Ticket, User
from servicedesk.models.records import MarkTarget

CODE = re.compile(r"^\s*(\d{1,2})\s*(?:kap\.?)?\s*[:.]\s*(\d{1,2})\s*(?:§)?\s*([a-z]?)\s*$", re.I)


def parse_code(code: str) -> tuple[int, int, str] | None:
    """'26:1' or '10:2 a' -> (26, 1, '') / (10, 2, 'a'); None when it is not one."""
    match = CODE.match(code or "")
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), match.group(3).lower()


def all_provisions(*, active_only: bool = False) -> list[OslProvision]:
    stmt = select(OslProvision).order_by(
        OslProvision.chapter, OslProvision.section, OslProvision.letter
    )
    if active_only:
        stmt = stmt.where(OslProvision.active.is_(True))
    return list(db.session.scalars(stmt))


def save_provision(
    actor: User,
    provision: OslProvision | None,
    *,
    code: str,
    title: str,
    active: bool = True,
    now: datetime,
) -> OslProvision:
    """Create or edit an OSL provision (admins)."""
    if not actor.has_role(Role.ADMIN):
        raise PermissionDenied(_l("Only administrators keep the OSL provisions."))
    parsed = parse_code(code)
    if parsed is None or not (1 <= parsed[0] <= 99 and 1 <= parsed[1] <= 99):
        raise ValidationError(_l("Write chapter and section, e.g. 26:1."), field="code")
    title = single_line(title or "")
    if not title:
        raise ValidationError(_l("This field is required."), field="title")
    if len(title) > 200:
        raise ValidationError(_l("At most %(n)s characters.", n=200), field="title")
    chapter, section, letter = parsed
    clash = db.session.scalar(
        select(OslProvision).where(
            OslProvision.chapter == chapter,
            OslProvision.section == section,
            OslProvision.letter == letter,
        )
    )
    if clash is not None and clash is not provision:
        raise ValidationError(_l("That provision is already on the list."), field="code")
    created = provision is None
    old = None if created else _describe_provision(provision)
    if created:
        provision = OslProvision()
        db.session.add(provision)
    provision.chapter, provision.section, provision.letter = chapter, section, letter
    provision.title = title
    provision.active = bool(active)
    db.session.flush()
    record_audit(
        actor,
        "osl_provision_saved",
        provision,
        old=old,
        new=_describe_provision(provision),
        label=f"OSL {provision.code}",
        now=now,
    )
    return provision


def _describe_provision(provision: OslProvision) -> str:
    """For the audit log, in no language: the code, the title, + active or − not."""
    return f"OSL {provision.code} {provision.title} [{'+' if provision.active else '−'}]"


def _describe_target(mark: SecrecyMark) -> str:
    if mark.target == MarkTarget.COMMENT:
        return f"comment:{mark.comment_id}"
    if mark.target == MarkTarget.ATTACHMENT:
        return f"attachment:{mark.attachment_id}"
    return "ticket"


def _active_mark(ticket: Ticket, target: str, comment_id, attachment_id) -> SecrecyMark | None:
    return db.session.scalar(
        select(SecrecyMark).where(
            SecrecyMark.ticket_id == ticket.id,
            SecrecyMark.target == target,
            SecrecyMark.comment_id.is_(None)
            if comment_id is None
            else SecrecyMark.comment_id == comment_id,
            SecrecyMark.attachment_id.is_(None)
            if attachment_id is None
            else SecrecyMark.attachment_id == attachment_id,
            SecrecyMark.lifted_at.is_(None),
        )
    )


def mark_secret(
    actor: User,
    ticket: Ticket,
    *,
    provision: OslProvision | None,
    comment: Comment | None = None,
    attachment: Attachment | None = None,
    now: datetime,
) -> SecrecyMark:
    """Mark the ticket, or one of its comments or files, as covered by secrecy under
    `provision` (staff who work the ticket)."""
    from servicedesk.domain.tickets.lifecycle import record_history, take_ticket

    require_agent(actor, ticket)
    if provision is None or not provision.active:
        raise ValidationError(_l("Choose a provision from the list."), field="provision")
    if comment is not None and comment.ticket_id != ticket.id:
        raise ValidationError(_l("That comment is not on this ticket."), field="comment")
    if attachment is not None and attachment.ticket_id != ticket.id:
        raise ValidationError(_l("That file is not on this ticket."), field="attachment")
    target = (
        MarkTarget.COMMENT
        if comment is not None
        else MarkTarget.ATTACHMENT
        if attachment is not None
        else MarkTarget.TICKET
    )
    comment_id = comment.id if comment is not None else None
    attachment_id = attachment.id if attachment is not None else None
    if _active_mark(ticket, target, comment_id, attachment_id) is not None:
        raise ValidationError(_l("This is already marked as secret."), field="provision")
    take_ticket(ticket)
    mark = SecrecyMark(
        target=str(target),
        ticket_id=ticket.id,
        comment_id=comment_id,
        attachment_id=attachment_id,
        provision_id=provision.id,
        marked_by_id=actor.id,
        marked_at=now,
    )
    db.session.add(mark)
    db.session.flush()
    what = _describe_target(mark)
    record_history(
        ticket, actor, "secrecy", None, f"OSL {provision.code} ({what})", now=now, internal=True
    )
    record_audit(
        actor,
        "secrecy_marked",
        ticket,
        new=f"OSL {provision.code} {what}",
        label=ticket.reference,
        now=now,
    )
    db.session.flush()
    return mark


def lift_mark(actor: User, mark: SecrecyMark, *, now: datetime) -> None:
    """Lift a secrecy mark: the mark is kept with who lifted it and when."""
    from servicedesk.domain.tickets.lifecycle import record_history, take_ticket

    ticket = db.session.get(Ticket, mark.ticket_id)
    require_agent(actor, ticket)
    if mark.lifted_at is not None:
        raise ValidationError(_l("This secrecy mark is already lifted."))
    take_ticket(ticket)
    mark.lifted_at = now
    mark.lifted_by_id = actor.id
    what = _describe_target(mark)
    record_history(
        ticket,
        actor,
        "secrecy",
        f"OSL {mark.provision.code} ({what})",
        None,
        now=now,
        internal=True,
    )
    record_audit(
        actor,
        "secrecy_lifted",
        ticket,
        old=f"OSL {mark.provision.code} {what}",
        label=ticket.reference,
        now=now,
    )
    db.session.flush()


def active_marks(ticket_ids: list[int]) -> dict[int, list[SecrecyMark]]:
    """The standing marks of each ticket (one query)."""
    found: dict[int, list[SecrecyMark]] = defaultdict(list)
    if not ticket_ids:
        return found
    stmt = (
        select(SecrecyMark)
        .where(SecrecyMark.ticket_id.in_(ticket_ids), SecrecyMark.lifted_at.is_(None))
        .order_by(SecrecyMark.id)
    )
    for mark in db.session.scalars(stmt):
        found[mark.ticket_id].append(mark)
    return found


def ticket_marks(ticket: Ticket) -> list[SecrecyMark]:
    """Every mark of a ticket, lifted ones too, oldest first (the secrecy page)."""
    stmt = select(SecrecyMark).where(SecrecyMark.ticket_id == ticket.id).order_by(SecrecyMark.id)
    return list(db.session.scalars(stmt))


def secrecy_targets(ticket: Ticket) -> tuple[list[Comment], list[Attachment]]:
    """The comments and files of a ticket that staff may mark, oldest first."""
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.ticket_id == ticket.id)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    files = db.session.scalars(
        select(Attachment).where(Attachment.ticket_id == ticket.id).order_by(Attachment.id)
    ).all()
    return list(comments), list(files)


def mark_by_target(actor: User, ticket: Ticket, *, target: str, provision_id: int, now: datetime):
    """Mark what a form names: 'ticket', 'comment:<id>' or 'attachment:<id>'."""
    kind, _, ident = (target or "").partition(":")
    provision = db.session.get(OslProvision, provision_id) if provision_id else None
    comment = attachment = None
    if kind == "comment" and ident.isdigit():
        comment = db.session.get(Comment, int(ident))
        if comment is None:
            raise ValidationError(_l("That comment is not on this ticket."), field="target")
    elif kind == "attachment" and ident.isdigit():
        attachment = db.session.get(Attachment, int(ident))
        if attachment is None:
            raise ValidationError(_l("That file is not on this ticket."), field="target")
    elif kind != "ticket":
        raise ValidationError(_l("Choose what is secret."), field="target")
    return mark_secret(
        actor, ticket, provision=provision, comment=comment, attachment=attachment, now=now
    )


def mask_text(provision: OslProvision) -> str:
    """The mask, naming the provision: "[Sekretess enligt OSL 26 kap. 1 §]"."""
    section = f"{provision.section}{' ' + provision.letter if provision.letter else ''}"
    return str(
        _l(
            "[Secrecy under OSL chapter %(chapter)s section %(section)s]",
            chapter=provision.chapter,
            section=section,
        )
    )


@dataclass(frozen=True)
class StandingMarks:
    """A ticket's standing marks, by what they cover: a mark on the whole ticket covers
    every comment and file of it."""

    marks: list[SecrecyMark]
    whole: SecrecyMark | None
    comments: dict[int, SecrecyMark]
    files: dict[int, SecrecyMark]

    def on_comment(self, comment_id: int) -> SecrecyMark | None:
        return self.whole or self.comments.get(comment_id)

    def on_file(self, attachment_id: int) -> SecrecyMark | None:
        return self.whole or self.files.get(attachment_id)


def standing_marks(ticket: Ticket) -> StandingMarks:
    marks = active_marks([ticket.id]).get(ticket.id, [])
    return StandingMarks(
        marks=marks,
        whole=next((m for m in marks if m.target == MarkTarget.TICKET), None),
        comments={m.comment_id: m for m in marks if m.target == MarkTarget.COMMENT},
        files={m.attachment_id: m for m in marks if m.target == MarkTarget.ATTACHMENT},
    )


@dataclass(frozen=True)
class Masks:
    """What one viewer sees masked on a ticket: the description, and comments by id."""

    description: str = ""
    comments: dict[int, str] = field(default_factory=dict)


def masks_for(viewer: User | None, ticket: Ticket, comments, *, staff: bool) -> Masks:
    """The masks of standing marks for a viewer `may_read_marked` refuses; no query for
    those it allows (the desk's staff, admins, the requester)."""
    if may_read_marked(viewer, ticket, staff=staff):
        return Masks()
    marks = standing_marks(ticket)
    masked = {}
    for comment in comments:
        mark = marks.on_comment(comment.id)
        if mark is not None:
            masked[comment.id] = mask_text(mark.provision)
    return Masks(mask_text(marks.whole.provision) if marks.whole else "", masked)
