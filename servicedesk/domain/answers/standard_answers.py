"""Standard answers (svarsmallar): kept by admins and queue leads, used by a ticket's
agents, in the requester's language and filled for the ticket."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from servicedesk.domain.admin.fields import optional_text, required_text
from servicedesk.domain.answers.placeholders import fill, unknown_placeholders
from servicedesk.domain.errors import NotFound
from servicedesk.domain.permissions import (
    led_queue_scope,
    require_agent,
    require_may_keep_answers,
)
from servicedesk.domain.settings_cache import cached
from servicedesk.domain.tickets.lifecycle import COMMENT_MAX
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Role, StandardAnswer, Ticket, User

PICKER_LIMIT = 50


def may_keep_answers(user: User | None) -> bool:
    """Whether `user` keeps standard answers at all (an admin, or staff leading an active
    queue), for the menu: the leads are kept behind the settings revision, so a page's
    menu asks the database nothing more."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    if user.has_role(Role.ADMIN):
        return True
    if not user.is_staff:
        return False
    leads = cached(
        "queue_leads",
        lambda: frozenset(
            db.session.scalars(
                select(Queue.lead_id).where(Queue.active.is_(True), Queue.lead_id.is_not(None))
            )
        ),
    )
    return user.id in leads


def kept_answers(user: User) -> list[StandardAnswer]:
    """The answers `user` may see and edit on the admin page."""
    stmt = (
        select(StandardAnswer)
        .options(joinedload(StandardAnswer.queue))
        .order_by(StandardAnswer.title, StandardAnswer.id)
    )
    scope = led_queue_scope(user)
    if scope is not None:
        stmt = stmt.where(StandardAnswer.queue_id.in_(scope))
    return list(db.session.scalars(stmt))


def kept_answer(user: User, answer_id: int) -> StandardAnswer:
    """One answer `user` keeps; NotFound otherwise (no hint that it exists)."""
    answer = db.session.get(StandardAnswer, answer_id)
    scope = led_queue_scope(user)
    if answer is None or (scope is not None and answer.queue_id not in scope):
        raise NotFound(_l("No such standard answer."))
    return answer


def answer_queues(user: User) -> list[Queue]:
    """The queues `user` may give an answer to."""
    stmt = select(Queue).where(Queue.active.is_(True)).order_by(Queue.name)
    scope = led_queue_scope(user)
    if scope is not None:
        stmt = stmt.where(Queue.id.in_(scope))
    return list(db.session.scalars(stmt))


def save_answer(
    actor: User,
    answer: StandardAnswer | None,
    *,
    title: str,
    queue: Queue | None,
    body_sv: str,
    body_en: str = "",
    keywords: str = "",
    active: bool = True,
    now: datetime,
) -> tuple[StandardAnswer, list[str]]:
    """Create or edit an answer; returns it and the unknown `{placeholders}` it holds (kept
    as written, for the caller to report)."""
    if answer is not None:
        require_may_keep_answers(actor, answer.queue_id)
    require_may_keep_answers(actor, queue.id if queue else None)
    title = required_text(title, "title", max_len=200)
    body_sv = required_text(body_sv, "body_sv", max_len=COMMENT_MAX)
    body_en = optional_text(body_en, "body_en", max_len=COMMENT_MAX)
    keywords = optional_text(keywords, "keywords", max_len=500)
    if answer is None:
        answer = StandardAnswer()
        db.session.add(answer)
    answer.title, answer.queue = title, queue
    answer.body_sv, answer.body_en, answer.keywords = body_sv, body_en, keywords
    answer.active, answer.updated_at = active, now
    db.session.flush()
    return answer, unknown_placeholders(body_sv + "\n" + body_en)


def _usable(ticket: Ticket):
    return (
        StandardAnswer.active.is_(True),
        or_(StandardAnswer.queue_id.is_(None), StandardAnswer.queue_id == ticket.queue_id),
    )


def answers_for_ticket(
    ticket: Ticket, agent: User, *, q: str = "", checked: bool = False
) -> list[StandardAnswer]:
    """The answers the ticket's agent may use: shared ones and its queue's, matching `q`
    in the title, keywords or text. `checked`: the caller has just required the agent."""
    if not checked:
        require_agent(agent, ticket)
    stmt = select(StandardAnswer).where(*_usable(ticket))
    for word in (q or "").lower().split()[:5]:
        like = f"%{word[:50]}%"
        stmt = stmt.where(
            or_(
                func.lower(StandardAnswer.title).like(like),
                func.lower(StandardAnswer.keywords).like(like),
                func.lower(StandardAnswer.body_sv).like(like),
                func.lower(StandardAnswer.body_en).like(like),
            )
        )
    stmt = stmt.order_by(StandardAnswer.title, StandardAnswer.id).limit(PICKER_LIMIT)
    return list(db.session.scalars(stmt))


def usable_answer(ticket: Ticket, agent: User, answer_id: int | None) -> StandardAnswer:
    require_agent(agent, ticket)
    answer = db.session.scalar(
        select(StandardAnswer).where(StandardAnswer.id == answer_id, *_usable(ticket))
    )
    if answer is None:
        raise NotFound(_l("No such standard answer."))
    return answer


def filled_answer(answer: StandardAnswer, ticket: Ticket, agent: User) -> str:
    """The answer's text in the requester's language with the placeholders filled."""
    return fill(answer.body_for(ticket.requester.locale), ticket, agent)
