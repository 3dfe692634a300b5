"""Closure codes per service: how the cases resolved in a period were closed, for the
reports area (counted from the ticket's current resolution, within the viewer's remit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from servicedesk.domain.permissions import ticket_visibility
from servicedesk.infra.extensions import db
from servicedesk.models import ClosureCode, Service, Ticket, User


@dataclass(frozen=True)
class ClosureCount:
    service_id: int | None
    service_sv: str | None
    service_en: str | None
    code: str
    name_sv: str
    name_en: str
    count: int


def closure_counts(viewer: User, start: datetime, end: datetime) -> list[ClosureCount]:
    """Resolved in [start, end) with a closure code, per service and code, visible to
    `viewer` (the one visibility rule), busiest first."""
    keys = (
        Ticket.service_id,
        Service.name_sv,
        Service.name_en,
        ClosureCode.code,
        ClosureCode.name_sv,
        ClosureCode.name_en,
    )
    stmt = (
        select(*keys, func.count(Ticket.id))
        .join(ClosureCode, ClosureCode.id == Ticket.closure_code_id)
        .outerjoin(Service, Service.id == Ticket.service_id)
        .where(
            Ticket.resolved_at >= start,
            Ticket.resolved_at < end,
            ticket_visibility(viewer),
        )
        .group_by(*keys)
        .order_by(func.count(Ticket.id).desc(), Service.name_sv, ClosureCode.code)
    )
    return [ClosureCount(*row) for row in db.session.execute(stmt)]
