"""Writing notices and reading which are active.

A notice is written as a draft or published at once; a published notice can be updated and
resolved. Every step is a `NoticeEvent` (the history, as the notice read then), and every
step of a published notice mails the followers of its services (`subscriptions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, or_, select

from servicedesk.domain.bounds import in_time_range
from servicedesk.domain.errors import InvalidTransition, NotFound, ValidationError
from servicedesk.domain.notices.subscriptions import mail_followers
from servicedesk.domain.permissions import notice_visibility, require_notice_writer
from servicedesk.domain.text import single_line
from servicedesk.infra.extensions import db
from servicedesk.models import (
    MajorIncident,
    Notice,
    NoticeEvent,
    NoticeKind,
    NoticeService,
    NoticeSeverity,
    NoticeState,
    Service,
    Status,
    Ticket,
    User,
)

TITLE_MAX = 200
BODY_MAX = 20_000
# Resolved notices stay on the public page and in the feed this long.
RESOLVED_SHOWN = timedelta(days=3)
WRITABLE_KINDS = (NoticeKind.PLANNED.value, NoticeKind.DISRUPTION.value)


@dataclass
class NoticeDraft:
    """What a writer typed; checked whole by `check_draft`."""

    kind: str
    title: str
    body: str
    severity: int
    starts_at: datetime | None
    ends_at: datetime | None
    services: list[Service]
    major_ticket: Ticket | None = None


def check_draft(draft: NoticeDraft) -> NoticeDraft:
    """Refuse what cannot be a notice, naming the field; the cleaned draft."""
    if not draft.services:
        raise ValidationError(_l("Choose at least one service."), field="services")
    if draft.kind not in WRITABLE_KINDS:
        raise ValidationError(_l("Choose the kind of notice."), field="kind")
    title = single_line(draft.title or "").strip()
    if not title:
        raise ValidationError(_l("This field is required."), field="title")
    if len(title) > TITLE_MAX:
        raise ValidationError(_l("At most %(n)s characters.", n=TITLE_MAX), field="title")
    body = (draft.body or "").strip()
    if len(body) > BODY_MAX:
        raise ValidationError(_l("At most %(n)s characters.", n=BODY_MAX), field="body")
    if draft.severity not in {s.value for s in NoticeSeverity}:
        raise ValidationError(_l("Choose the severity."), field="severity")
    if draft.starts_at is None:
        raise ValidationError(_l("This field is required."), field="starts_at")
    for name, value in (("starts_at", draft.starts_at), ("ends_at", draft.ends_at)):
        if value is not None and not in_time_range(value):
            raise ValidationError(_l("Give a date between 1990 and 2099."), field=name)
    if draft.ends_at is not None and draft.ends_at < draft.starts_at:
        raise ValidationError(_l("The expected end cannot be before the start."), field="ends_at")
    if draft.major_ticket is not None and not _is_major(draft.major_ticket):
        raise ValidationError(_l("This case is not a major incident."), field="major")
    return NoticeDraft(
        draft.kind,
        title,
        body,
        draft.severity,
        draft.starts_at,
        draft.ends_at,
        list(dict.fromkeys(draft.services)),
        draft.major_ticket,
    )


def _is_major(ticket: Ticket) -> bool:
    return bool(db.session.scalar(select(exists().where(MajorIncident.ticket_id == ticket.id))))


def _record(notice: Notice, actor: User | None, action: str, *, now: datetime) -> NoticeEvent:
    event = NoticeEvent(
        notice_id=notice.id,
        at=now,
        actor_id=actor.id if actor else None,
        action=action,
        kind=notice.kind,
        title=notice.title,
        body=notice.body,
    )
    db.session.add(event)
    db.session.flush()
    return event


def _apply(notice: Notice, draft: NoticeDraft) -> None:
    notice.kind = draft.kind
    notice.title = draft.title
    notice.body = draft.body
    notice.severity = draft.severity
    notice.starts_at = draft.starts_at
    notice.ends_at = draft.ends_at
    notice.services = draft.services
    notice.major_ticket = draft.major_ticket


def create_notice(actor: User, draft: NoticeDraft, *, publish: bool, now: datetime) -> Notice:
    """A new notice, published at once (mailed to followers) or kept as a draft."""
    draft = check_draft(draft)
    require_notice_writer(actor, draft.services)
    notice = Notice(state=NoticeState.DRAFT.value, created_by=actor, created_at=now, updated_at=now)
    _apply(notice, draft)
    db.session.add(notice)
    db.session.flush()
    _record(notice, actor, "created", now=now)
    if publish:
        publish_notice(notice, actor, now=now)
    return notice


def update_notice(notice: Notice, actor: User, draft: NoticeDraft, *, now: datetime) -> Notice:
    """Change a draft or a published notice (not a resolved one); a published notice's
    followers hear of the update."""
    require_notice_writer(actor, notice.services)
    if notice.resolved_at is not None:
        raise InvalidTransition(_l("This notice is resolved and can no longer be changed."))
    draft = check_draft(draft)
    require_notice_writer(actor, draft.services)
    _apply(notice, draft)
    notice.updated_at = now
    db.session.flush()
    event = _record(notice, actor, "updated", now=now)
    if notice.state == NoticeState.PUBLISHED:
        mail_followers(notice, event, now=now)
    return notice


def publish_notice(notice: Notice, actor: User, *, now: datetime) -> Notice:
    require_notice_writer(actor, notice.services)
    if notice.state == NoticeState.PUBLISHED:
        raise InvalidTransition(_l("This notice is already published."))
    notice.state = NoticeState.PUBLISHED.value
    notice.published_at = notice.updated_at = now
    event = _record(notice, actor, "published", now=now)
    mail_followers(notice, event, now=now)
    return notice


def resolve_notice(notice: Notice, actor: User, *, text: str = "", now: datetime) -> Notice:
    """The disruption is over (or the maintenance done): kind resolved, a closing text
    added when given, and the followers told."""
    require_notice_writer(actor, notice.services)
    return _resolve(notice, actor, text=text, now=now)


def _resolve(notice: Notice, actor: User | None, *, text: str, now: datetime) -> Notice:
    if notice.state != NoticeState.PUBLISHED:
        raise InvalidTransition(_l("Only a published notice can be resolved."))
    if notice.resolved_at is not None:
        raise InvalidTransition(_l("This notice is already resolved."))
    text = (text or "").strip()
    if len(text) + len(notice.body) > BODY_MAX:
        raise ValidationError(_l("At most %(n)s characters.", n=BODY_MAX), field="text")
    if text:
        notice.body = f"{notice.body}\n\n{text}".strip()
    notice.kind = NoticeKind.RESOLVED.value
    notice.resolved_at = notice.updated_at = now
    if notice.ends_at is None or notice.ends_at > now:
        notice.ends_at = max(now, notice.starts_at)
    event = _record(notice, actor, "resolved", now=now)
    mail_followers(notice, event, now=now)
    return notice


def notices_of_major(major_ticket: Ticket) -> list[Notice]:
    """The published, unresolved notices written for this major incident."""
    stmt = select(Notice).where(
        Notice.major_ticket_id == major_ticket.id,
        Notice.state == NoticeState.PUBLISHED.value,
        Notice.resolved_at.is_(None),
    )
    return list(db.session.scalars(stmt.order_by(Notice.id)))


def resolve_with_major(major_ticket: Ticket, actor: User | None, *, now: datetime) -> list[Notice]:
    """The rule: resolving a major incident (by any path) resolves the published notices
    linked to it, so their banners go and followers get the resolved mail once. Notices of
    the same service that are not linked to it stay: they may be about something else.
    Resolving the major incident is the authority, so the notice-writer rule is not asked
    again."""
    return [_resolve(n, actor, text="", now=now) for n in notices_of_major(major_ticket)]


# --- Reading ----------------------------------------------------------------------------


def active_condition(now: datetime):
    """Published, not resolved, and (a disruption, or maintenance not yet over)."""
    return and_(
        Notice.state == NoticeState.PUBLISHED.value,
        Notice.resolved_at.is_(None),
        or_(
            Notice.kind == NoticeKind.DISRUPTION.value,
            Notice.ends_at.is_(None),
            Notice.ends_at > now,
        ),
    )


def active_notices(*, now: datetime, service_ids: list[int] | None = None) -> list[Notice]:
    """What the banners show: active notices, most severe and newest first; of the given
    services only when `service_ids` is given."""
    stmt = select(Notice).where(active_condition(now))
    if service_ids is not None:
        about = select(NoticeService.notice_id).where(NoticeService.service_id.in_(service_ids))
        stmt = stmt.where(Notice.id.in_(about))
    stmt = stmt.order_by(Notice.severity, Notice.starts_at.desc(), Notice.id.desc())
    return list(db.session.scalars(stmt))


def public_notices(*, now: datetime) -> list[Notice]:
    """The public page and the feed: active notices and those resolved in the last days."""
    recent = and_(
        Notice.state == NoticeState.PUBLISHED.value,
        Notice.resolved_at.is_not(None),
        Notice.resolved_at > now - RESOLVED_SHOWN,
    )
    stmt = (
        select(Notice)
        .where(or_(active_condition(now), recent))
        .order_by(Notice.resolved_at.is_not(None), Notice.severity, Notice.updated_at.desc())
    )
    return list(db.session.scalars(stmt))


def staff_notices(actor: User, *, limit: int = 100) -> list[Notice]:
    """The desk's list: drafts and published notices, unresolved first, newest first."""
    stmt = (
        select(Notice)
        .where(notice_visibility(actor))
        .order_by(Notice.resolved_at.is_not(None), Notice.updated_at.desc(), Notice.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def get_visible_notice(actor: User | None, notice_id: int) -> Notice:
    """A notice the user may see (any published one; drafts for staff), else NotFound."""
    notice = db.session.scalar(
        select(Notice).where(Notice.id == notice_id, notice_visibility(actor))
    )
    if notice is None:
        raise NotFound(_l("No such notice."))
    return notice


def notice_history(notice: Notice) -> list[NoticeEvent]:
    stmt = select(NoticeEvent).where(NoticeEvent.notice_id == notice.id)
    return list(db.session.scalars(stmt.order_by(NoticeEvent.at, NoticeEvent.id)))


def joinable_major(notice: Notice) -> Ticket | None:
    """The open major incident employees can join from this notice, if any."""
    ticket = notice.major_ticket
    if ticket is None or ticket.status not in (Status.NEW, Status.OPEN, Status.PENDING):
        return None
    return ticket
