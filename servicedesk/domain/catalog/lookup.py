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


def search_services(query: str, *, limit: int = 50) -> list[int]:
    """Active services whose name (either language), description or keywords hold every
    word of `query`, ignoring case (Unicode-aware: "LÄRPLATTFORM" finds "lärplattform");
    the ids of those matching by name first, then alphabetically.

    One query of four short text columns over the active services, matched in Python:
    SQLite's lower() folds ASCII only, and a pattern with a leading wildcard could not use
    an index on either database anyway; a catalog of hundreds of services is read in well
    under a millisecond (tests/portal/test_service_search.py)."""
    words = query.casefold().split()
    if not words:
        return []
    rows = db.session.execute(
        select(
            Service.id, Service.name_sv, Service.name_en, Service.description, Service.keywords
        ).where(Service.active.is_(True))
    )
    found: list[tuple[bool, str, int]] = []
    for row in rows:
        names = f"{row.name_sv} {row.name_en or ''}".casefold()
        text = f"{names} {row.description or ''} {row.keywords or ''}".casefold()
        if all(word in text for word in words):
            by_name = all(word in names for word in words)
            found.append((not by_name, row.name_sv.casefold(), row.id))
    return [service_id for *_, service_id in sorted(found)[:limit]]
