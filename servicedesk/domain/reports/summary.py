"""The figures a manager reads first: this period against the one before, the open backlog
and its oldest case, satisfaction. Built from the report's own rows (same scope, same
definitions, docs/reports.md) plus one count of the previous period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from servicedesk.domain.reports.compliance import ComplianceRow
from servicedesk.domain.reports.flow import OPEN, BacklogRow, RateRow
from servicedesk.domain.reports.period import Period
from servicedesk.domain.reports.scope import ReportScope
from servicedesk.domain.reports.trends import MonthRow, decided_totals
from servicedesk.infra.extensions import db
from servicedesk.models import Ticket
from servicedesk.models.ticket import format_reference


@dataclass(frozen=True)
class Change:
    """A share this period and the period before (None when nothing was decided)."""

    now: float | None
    before: float | None

    @property
    def points(self) -> float | None:
        """The change in percentage points."""
        if self.now is None or self.before is None:
            return None
        return round((self.now - self.before) * 100, 1)


@dataclass(frozen=True)
class OldestCase:
    ticket_id: int
    reference: str
    created_at: datetime


@dataclass(frozen=True)
class Summary:
    partial: bool  # the period is under way (pågående)
    previous: Period
    fr: Change
    fr_decided: int
    res: Change
    res_decided: int
    breaches: int
    breaches_before: int
    backlog: int
    oldest: OldestCase | None
    answers: int
    resolved: int
    mean_rating: float | None


def summarise(
    scope: ReportScope,
    period: Period,
    *,
    total: ComplianceRow,
    backlog: list[BacklogRow],
    satisfaction: list[RateRow],
    now: datetime,
) -> Summary:
    """The summary tiles from the report's totals and the previous period's counts."""
    previous = period.previous()
    before: MonthRow = decided_totals(scope, previous)
    answers = sum(r.part for r in satisfaction)
    ratings = sum(r.rating_sum for r in satisfaction)
    return Summary(
        partial=period.is_partial(now),
        previous=previous,
        fr=Change(total.fr_share, before.fr_share),
        fr_decided=total.fr_total,
        res=Change(total.res_share, before.res_share),
        res_decided=total.res_total,
        breaches=total.breaches,
        breaches_before=before.breaches,
        backlog=sum(r.total for r in backlog),
        oldest=_oldest(scope, backlog),
        answers=answers,
        resolved=sum(r.total for r in satisfaction),
        mean_rating=round(ratings / answers, 1) if answers else None,
    )


def _oldest(scope: ReportScope, backlog: list[BacklogRow]) -> OldestCase | None:
    """The open ticket registered first, found from the backlog's per-queue oldest instant
    (one index seek on ix_ticket_queue_status_created)."""
    rows = [r for r in backlog if r.oldest is not None]
    if not rows:
        return None
    row = min(rows, key=lambda r: r.oldest)
    found = db.session.execute(
        select(Ticket.id, Ticket.type, Ticket.created_at)
        .where(
            Ticket.queue_id == row.key,
            Ticket.status.in_(OPEN),
            Ticket.created_at == row.oldest,
            scope.tickets(),
        )
        .order_by(Ticket.id)
        .limit(1)
    ).first()
    if found is None:
        return None
    return OldestCase(found.id, format_reference(found.type, found.id), found.created_at)
