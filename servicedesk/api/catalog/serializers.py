"""The JSON of the caller and the catalogue: me, units, queues, services."""

from __future__ import annotations

from servicedesk.api.serializers import person, ref
from servicedesk.models import Queue, Service, Unit, User


def me_json(user: User) -> dict:
    return {
        **person(user),
        "roles": sorted(user.roles),
        "unit": ref(user.unit, user.unit.name) if user.unit else None,
        "locale": user.locale,
    }


def unit_json(unit: Unit) -> dict:
    return {
        "id": unit.id,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent_id": unit.parent_id,
    }


def queue_json(queue: Queue) -> dict:
    return {
        "id": queue.id,
        "name": queue.name,
        "unit": ref(queue.unit, queue.unit.name),
        "is_central": queue.is_central,
    }


def service_json(service: Service) -> dict:
    return {
        "id": service.id,
        "name": service.name_sv,
        "name_en": service.name_en,
        "description": service.description,
        "owner_unit": ref(service.owner_unit, service.owner_unit.name),
        "queue": ref(service.queue, service.queue.name) if service.queue else None,
        "confidentiality": service.confidentiality,
    }
