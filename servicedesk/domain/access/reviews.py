"""Access reviews (behörighetsuppföljning): per service, every `review_months` (quarterly
by default), the scheduler opens a review for the systemförvaltare listing every active
grant. Each line is answered keep or revoke (revoke opens the revoke task); the review is
done when every line is answered. A review still open `escalate_after_days` after it opened
is escalated, once, to the deputy and the manager of the unit that owns the service.

Answers come from the service's systemförvaltare or deputy, an admin, or (once escalated)
the owner unit's manager; each line keeps who answered it and when, and is audited.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.access import cases, notify, tasks
from servicedesk.domain.access.requests import approvers_for_unit
from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import optional_text
from servicedesk.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from servicedesk.domain.permissions import access_review_visibility
from servicedesk.infra.extensions import db
from servicedesk.models import (
    AccessGrant,
    AccessReview,
    AccessReviewLine,
    AccessService,
    Role,
    User,
)
from servicedesk.models.access import ReviewAnswer, ReviewState, TaskReason


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_path(review: AccessReview) -> str:
    return f"/access/reviews/{review.id}"


def open_due_reviews(*, now: datetime) -> list[AccessReview]:
    """Open the review of every service whose cycle is due and that has none open."""
    day = cases.today(now)
    due = db.session.scalars(
        select(AccessService).where(
            AccessService.active,
            (AccessService.next_review_on.is_(None)) | (AccessService.next_review_on <= day),
        )
    ).all()
    opened = []
    for settings in due:
        if not settings.service.active or _open_review(settings.service_id) is not None:
            continue
        opened.append(open_review(settings, now=now))
    return opened


def _open_review(service_id: int) -> AccessReview | None:
    return db.session.scalar(
        select(AccessReview).where(
            AccessReview.service_id == service_id, AccessReview.state == ReviewState.OPEN
        )
    )


def open_review(settings: AccessService, *, now: datetime) -> AccessReview:
    service = settings.service
    review = AccessReview(
        service_id=service.id,
        reviewer_id=service.administrator_id,
        state=ReviewState.OPEN,
        opened_at=now,
        due_at=now + timedelta(days=settings.escalate_after_days),
    )
    db.session.add(review)
    db.session.flush()
    grants = db.session.scalars(
        select(AccessGrant.id).where(
            AccessGrant.service_id == service.id, AccessGrant.revoked_at.is_(None)
        )
    ).all()
    for grant_id in grants:
        db.session.add(AccessReviewLine(review_id=review.id, grant_id=grant_id))
    settings.next_review_on = add_months(cases.today(now), settings.review_months)
    if not grants:  # nothing to answer: done as it opens
        review.state = ReviewState.DONE
        review.done_at = now
    db.session.flush()
    record_audit(
        None, "access_review_opened", review, new=str(len(grants)), label=service.name_sv, now=now
    )
    if grants:
        notify.notify(
            service.administrator,
            key=f"access:review:{review.id}:opened",
            kind="access_review",
            subject=lambda: _("Access review of %(service)s", service=service.name_sv),
            lines=lambda: [
                _(
                    "Answer keep or revoke for each of the %(n)s active grants of %(service)s.",
                    n=len(grants),
                    service=service.name_sv,
                )
            ],
            path=review_path(review),
            now=now,
        )
    return review


def may_answer(review: AccessReview, actor: User) -> bool:
    """The systemförvaltare and deputy; an admin; once the review is escalated, also the
    manager of the unit that owns the service (to whom it was escalated)."""
    service = review.service
    if not actor.active:
        return False
    if actor.id in (service.administrator_id, service.deputy_id) or actor.has_role(Role.ADMIN):
        return True
    if review.escalated_at is None:
        return False
    return any(p.id == actor.id for p in approvers_for_unit(service.owner_unit_id))


def answer_line(
    review: AccessReview,
    actor: User,
    grant_id: int | None,
    answer: str,
    *,
    note: str = "",
    now: datetime,
) -> AccessReviewLine:
    """Keep or revoke one grant of the review; the last answer completes the review."""
    if not may_answer(review, actor):
        raise PermissionDenied(
            _l("Only the system's systemförvaltare, deputy or an admin answers its review."),
            code="not_reviewer",
        )
    if review.state != ReviewState.OPEN:
        raise InvalidTransition(_l("This review is done."), code="review_done")
    line = db.session.scalar(
        select(AccessReviewLine).where(
            AccessReviewLine.review_id == review.id, AccessReviewLine.grant_id == grant_id
        )
    )
    if line is None:
        raise NotFound(_l("That access is not part of this review."), field="grant")
    if line.answer is not None:
        raise InvalidTransition(_l("This line is answered already."), code="line_answered")
    if answer not in ReviewAnswer.__members__.values():
        raise ValidationError(_l("Choose keep or revoke."), field="answer")
    note = optional_text(note, "note", max_len=2_000)
    if answer == ReviewAnswer.REVOKE and not note:
        raise ValidationError(_l("Say why the access is revoked."), field="note")
    line.answer, line.note, line.answered_by_id, line.answered_at = answer, note, actor.id, now
    grant = line.grant
    record_audit(
        actor,
        "access_review_answer",
        grant,
        old=f"review {review.id}",
        new=f"{answer}: {note}".strip(": "),
        label=f"{grant.person_name} ({review.service.name_sv})",
        now=now,
    )
    if answer == ReviewAnswer.REVOKE and grant.revoked_at is None:
        tasks.open_revoke_task(grant, reason=TaskReason.REVIEW, note=note, actor=actor, now=now)
    db.session.flush()
    db.session.expire(review, ["lines"])
    if all(item.answer is not None for item in review.lines):
        review.state = ReviewState.DONE
        review.done_at = now
        record_audit(actor, "access_review_done", review, label=review.service.name_sv, now=now)
    db.session.flush()
    return line


def escalate_overdue(*, now: datetime) -> int:
    """Once per review: still open after its days, to the deputy and the owner's manager."""
    overdue = db.session.scalars(
        select(AccessReview).where(
            AccessReview.state == ReviewState.OPEN,
            AccessReview.escalated_at.is_(None),
            AccessReview.due_at <= now,
        )
    ).all()
    for review in overdue:
        review.escalated_at = now
        service = review.service
        people = {
            p.id: p for p in [service.deputy, *approvers_for_unit(service.owner_unit_id)] if p
        }
        for person in people.values():
            notify.notify(
                person,
                key=f"access:review:{review.id}:escalated",
                kind="access_review_escalated",
                subject=lambda s=service: _(
                    "Access review of %(service)s is overdue", service=s.name_sv
                ),
                lines=lambda r=review: [
                    _(
                        "The review opened %(day)s and still has unanswered lines.",
                        day=cases.today(r.opened_at).isoformat(),
                    )
                ],
                path=review_path(review),
                now=now,
            )
        record_audit(
            None,
            "access_review_escalated",
            review,
            new=",".join(str(i) for i in people),
            label=service.name_sv,
            now=now,
        )
    db.session.flush()
    return len(overdue)


def visible_reviews(actor: User, *, state: str | None = None):
    stmt = select(AccessReview).where(access_review_visibility(actor))
    if state:
        stmt = stmt.where(AccessReview.state == state)
    return stmt.order_by(AccessReview.opened_at.desc(), AccessReview.id.desc())


def get_visible_review(actor: User, review_id: int | None) -> AccessReview:
    condition = access_review_visibility(actor)
    return cases.visible_one(AccessReview.id, review_id, condition, _l("No such access review."))
