"""Reading the service catalog for pickers and lookups."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from servicedesk.domain.settings_cache import cached
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Service


def active_services() -> list[Service]:
    stmt = (
        select(Service)
        .where(Service.active.is_(True))
        .options(joinedload(Service.owner_unit))
        .order_by(Service.name_sv)
    )
    return list(db.session.scalars(stmt))


def service_choices(locale: str) -> list[tuple[int, str]]:
    """The service picker (kept per process until the catalog changes)."""
    return list(cached(("catalog.service_choices", locale), lambda: _service_choices(locale)))


def _service_choices(locale: str) -> tuple[tuple[int, str], ...]:
    choices = [(s.id, s.name_for(locale)) for s in active_services()]
    return tuple(sorted(choices, key=lambda c: c[1].lower()))


def get_active_service(service_id: int | None) -> Service | None:
    if not service_id:
        return None
    service = db.session.get(Service, service_id)
    return service if service is not None and service.active else None


def active_queues() -> list[Queue]:
    return list(
        db.session.scalars(select(Queue).where(Queue.active.is_(True)).order_by(Queue.name))
    )
