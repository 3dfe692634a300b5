"""Employees who follow a service's notices, and the mail they get.

One mail per follower and notice event (published, updated, resolved), in the follower's
language, queued through the outbox with the event in its key: a retried unit of work or a
person following two of the notice's services is mailed once.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, select

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.mail.outbox import Mail, enqueue_mails
from servicedesk.domain.mail.render import absolute_url, render_mail
from servicedesk.infra.extensions import db
from servicedesk.models import Notice, NoticeEvent, NoticeSubscription, Service, User


def is_following(user: User, service: Service) -> bool:
    stmt = select(
        exists().where(
            NoticeSubscription.user_id == user.id, NoticeSubscription.service_id == service.id
        )
    )
    return bool(db.session.scalar(stmt))


def followed_service_ids(user: User) -> set[int]:
    stmt = select(NoticeSubscription.service_id).where(NoticeSubscription.user_id == user.id)
    return set(db.session.scalars(stmt))


def follow(user: User, service: Service, *, now: datetime) -> bool:
    """Follow the service's notices; False when already following."""
    if not service.active:
        raise ValidationError(_l("This service is retired; choose another."), field="service")
    if is_following(user, service):
        return False
    db.session.add(NoticeSubscription(user_id=user.id, service_id=service.id, created_at=now))
    db.session.flush()
    return True


def unfollow(user: User, service: Service) -> bool:
    result = db.session.execute(
        delete(NoticeSubscription).where(
            NoticeSubscription.user_id == user.id, NoticeSubscription.service_id == service.id
        )
    )
    return bool(result.rowcount)


def followers(notice: Notice) -> list[User]:
    """Active people following any of the notice's services, each once."""
    service_ids = [s.id for s in notice.services]
    stmt = (
        select(User)
        .join(NoticeSubscription, NoticeSubscription.user_id == User.id)
        .where(NoticeSubscription.service_id.in_(service_ids), User.active.is_(True))
        .distinct()
        .order_by(User.id)
    )
    return list(db.session.scalars(stmt))


def mail_followers(notice: Notice, event: NoticeEvent, *, now: datetime) -> int:
    """Queue the event's mail to every follower; returns how many were queued."""
    mails = []
    url = absolute_url("notices.public")
    for user in followers(notice):
        subject, text, html = render_mail(
            "notice_event",
            locale=user.locale,
            notice=notice,
            event=event,
            recipient=user,
            notice_url=url,
            reference=notice.title,
        )
        mails.append(
            Mail(
                key=f"notice:{notice.id}:event:{event.id}:to:{user.id}",
                kind="notice_event",
                to_address=user.email,
                subject=subject,
                body_text=text,
                body_html=html,
                recipient_id=user.id,
                headers={"Auto-Submitted": "auto-generated"},
            )
        )
    return enqueue_mails(mails, now=now)
