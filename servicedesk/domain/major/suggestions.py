"""Suggesting a major incident: when `count` incidents of one service arrive within
`minutes` (a threshold per service, kept by admins), the desk shows the agents who see
those cases a suggestion to mark one as major and link the others."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import NotFound, PermissionDenied, ValidationError
from servicedesk.domain.permissions import may_set_major_threshold, ticket_visibility
from servicedesk.domain.tickets.lifecycle import OPEN_STATUSES
from servicedesk.infra.extensions import db
from servicedesk.models import (
    MajorChild,
    MajorIncident,
    MajorThreshold,
    Queue,
    Role,
    Service,
    Ticket,
    TicketType,
    User,
)

COUNT_RANGE = (2, 1000)
MINUTES_RANGE = (1, 1440)


@dataclass(frozen=True)
class Suggestion:
    service: Service
    threshold: MajorThreshold
    tickets: list[Ticket]


NOT_A_KEEPER = _l("Only administrators or the lead of the service's queue may do that.")


def _require_keeper(actor: User, service: Service) -> None:
    if not may_set_major_threshold(actor, service):
        raise PermissionDenied(NOT_A_KEEPER)


def kept_service(actor: User, service_id: int) -> Service:
    """The service whose threshold `actor` keeps: NotFound, or PermissionDenied."""
    service = db.session.get(Service, service_id)
    if service is None:
        raise NotFound(_l("No such service."))
    _require_keeper(actor, service)
    return service


def kept_thresholds(actor: User) -> list[MajorThreshold]:
    """The thresholds `actor` keeps; refused to one who keeps none (not an admin, no
    queue lead)."""
    leads = db.session.scalar(select(exists().where(Queue.lead_id == actor.id)))
    if not (actor.has_role(Role.ADMIN) or leads):
        raise PermissionDenied(NOT_A_KEEPER)
    return [row for row in thresholds() if may_set_major_threshold(actor, row.service)]


def threshold_of(service: Service) -> MajorThreshold | None:
    return db.session.scalar(select(MajorThreshold).where(MajorThreshold.service_id == service.id))


def thresholds() -> list[MajorThreshold]:
    stmt = select(MajorThreshold).join(Service, Service.id == MajorThreshold.service_id)
    return list(db.session.scalars(stmt.order_by(Service.name_sv)))


def _number(value, field: str, bounds: tuple[int, int]) -> int:
    low, high = bounds
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValidationError(
            _l("Give a whole number from %(low)s to %(high)s.", low=low, high=high), field=field
        )
    return value


def set_threshold(
    actor: User, service: Service | None, count, minutes, *, now: datetime
) -> MajorThreshold:
    """Set (or change) the service's threshold; audited."""
    if service is None:
        raise ValidationError(_l("Choose a service."), field="service")
    _require_keeper(actor, service)
    count = _number(count, "count", COUNT_RANGE)
    minutes = _number(minutes, "minutes", MINUTES_RANGE)
    row = threshold_of(service)
    old = f"{row.count}/{row.minutes}" if row else None
    if row is None:
        row = MajorThreshold(service_id=service.id)
        db.session.add(row)
    row.count, row.minutes, row.updated_at = count, minutes, now
    db.session.flush()
    record_audit(
        actor,
        "major_threshold_set",
        row,
        old=old,
        new=f"{count}/{minutes}",
        label=service.name_sv,
        now=now,
    )
    return row


def remove_threshold(actor: User, service: Service, *, now: datetime) -> bool:
    _require_keeper(actor, service)
    row = threshold_of(service)
    if row is None:
        return False
    record_audit(
        actor,
        "major_threshold_removed",
        row,
        old=f"{row.count}/{row.minutes}",
        label=service.name_sv,
        now=now,
    )
    db.session.execute(delete(MajorThreshold).where(MajorThreshold.id == row.id))
    return True


def suggestions(actor: User, *, now: datetime) -> list[Suggestion]:
    """Services whose recent open incidents (not major, not linked) reach the threshold,
    counting only the cases `actor` may see."""
    found = []
    linked = select(MajorChild.ticket_id)
    majors = select(MajorIncident.ticket_id)
    for row in thresholds():
        stmt = (
            select(Ticket)
            .where(
                Ticket.service_id == row.service_id,
                Ticket.type == TicketType.INCIDENT.value,
                Ticket.status.in_([s.value for s in OPEN_STATUSES]),
                Ticket.created_at >= now - timedelta(minutes=row.minutes),
                Ticket.id.not_in(linked),
                Ticket.id.not_in(majors),
                ticket_visibility(actor),
            )
            .order_by(Ticket.created_at)
            .limit(100)
        )
        tickets = list(db.session.scalars(stmt))
        if len(tickets) >= row.count:
            service = db.session.get(Service, row.service_id)
            found.append(Suggestion(service, row, tickets))
    return found
