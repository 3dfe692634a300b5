"""The access reports: reviews done on time per service, active grants without a review
answer in the service's last cycle, and active grants past their end date. Each counts
only what the reader may see (the register's and the reviews' visibility rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from servicedesk.domain.access import cases
from servicedesk.domain.access.catalog import access_services
from servicedesk.domain.access.reviews import add_months
from servicedesk.domain.permissions import access_grant_visibility, access_review_visibility
from servicedesk.infra.extensions import db
from servicedesk.models import AccessGrant, AccessReview, AccessReviewLine, Service, User
from servicedesk.models.access import ReviewState


@dataclass
class ReviewFigures:
    service: Service
    done: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    overdue: int = 0


def reviews_on_time(actor: User, *, now: datetime) -> list[ReviewFigures]:
    figures = {s.service_id: ReviewFigures(s.service) for s in access_services()}
    reviews = db.session.scalars(select(AccessReview).where(access_review_visibility(actor))).all()
    for review in reviews:
        row = figures.get(review.service_id)
        if row is None:
            continue
        if review.state == ReviewState.DONE:
            row.done += 1
            if review.done_at <= review.due_at:
                row.on_time += 1
            else:
                row.late += 1
        else:
            row.open += 1
            row.overdue += review.due_at <= now
    seen = {r.service_id for r in reviews}
    return [row for sid, row in figures.items() if sid in seen or actor.has_role("admin")]


def grants_without_review(actor: User, *, now: datetime) -> list[AccessGrant]:
    """Active grants with no review answer within their service's last cycle (those
    granted within it are not due yet)."""
    day = cases.today(now)
    result = []
    for settings in access_services():
        since = add_months(day, -settings.review_months)
        answered = select(AccessReviewLine.grant_id).where(
            AccessReviewLine.answered_at.is_not(None), AccessReviewLine.answered_at >= _start(since)
        )
        stmt = select(AccessGrant).where(
            access_grant_visibility(actor),
            AccessGrant.service_id == settings.service_id,
            AccessGrant.revoked_at.is_(None),
            AccessGrant.granted_at < _start(since),
            AccessGrant.id.not_in(answered),
        )
        result.extend(db.session.scalars(stmt.order_by(AccessGrant.person_name)))
    return result


def _start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def grants_past_end(actor: User, *, now: datetime) -> list[AccessGrant]:
    day = cases.today(now)
    stmt = select(AccessGrant).where(
        access_grant_visibility(actor),
        AccessGrant.revoked_at.is_(None),
        AccessGrant.valid_to.is_not(None),
        AccessGrant.valid_to < day,
    )
    return list(db.session.scalars(stmt.order_by(AccessGrant.valid_to, AccessGrant.id)))
