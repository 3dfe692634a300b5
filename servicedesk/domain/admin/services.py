"""Creating, editing, retiring and reactivating services (never deleting them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import (
    active_staff,
    level,
    optional_text,
    required_text,
    unique_name,
)
from servicedesk.domain.errors import ValidationError
from servicedesk.domain.permissions import RESTRICTED_CONFIDENTIALITY, is_restricted
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, Queue, Service, SlaPolicy, Status, Ticket, Unit, User


@dataclass
class ServiceInput:
    """A service's editable fields with references already looked up (None = not found)."""

    name_sv: str
    name_en: str = ""
    description: str = ""
    keywords: str = ""
    owner_unit: Unit | None = None
    is_common: bool = False
    queue: Queue | None = None
    administrator: User | None = None
    deputy: User | None = None
    confidentiality: int = 2
    integrity: int = 2
    availability: int = 2
    supplier: str = ""
    active: bool = True
    calendar: Calendar | None = None
    sla_policy: SlaPolicy | None = None


def clean_keywords(raw: str | None) -> str:
    """'Schema,  lärplattform,schema' -> 'Schema, lärplattform': one of each, in order."""
    seen: dict[str, str] = {}
    for word in (raw or "").split(","):
        word = " ".join(word.split())
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return ", ".join(seen.values())


def validate_service(data: ServiceInput, own_id: int | None = None) -> dict:
    """The checked column values, or ValidationError naming the first bad field."""
    name_sv = required_text(data.name_sv, "name_sv", max_len=200)
    unique_name(Service, Service.name_sv, name_sv, own_id, "name_sv")
    if data.owner_unit is None:
        raise ValidationError(_l("Choose the unit that owns the service."), field="owner_unit")
    if data.queue is not None and not data.queue.active:
        raise ValidationError(_l("That queue is inactive."), field="queue")
    if not data.is_common and data.queue is None:
        raise ValidationError(
            _l("A department-owned service needs a support queue."), field="queue"
        )
    confidentiality = level(data.confidentiality, "confidentiality")
    if confidentiality >= RESTRICTED_CONFIDENTIALITY and data.queue is None:
        raise ValidationError(
            _l(
                "A confidential service needs its own support queue: only its agents see its cases."
            ),
            field="queue",
        )
    administrator = active_staff(data.administrator, "administrator")
    deputy = active_staff(data.deputy, "deputy")
    if administrator is not None and deputy is not None and administrator.id == deputy.id:
        raise ValidationError(_l("The deputy must be someone else."), field="deputy")
    return {
        "name_sv": name_sv,
        "name_en": optional_text(data.name_en, "name_en", max_len=200) or name_sv,
        "description": optional_text(data.description, "description", max_len=5000),
        "keywords": clean_keywords(optional_text(data.keywords, "keywords", max_len=1000)),
        "owner_unit": data.owner_unit,
        "is_common": bool(data.is_common),
        "queue": data.queue,
        "administrator": administrator,
        "deputy": deputy,
        "confidentiality": confidentiality,
        "integrity": level(data.integrity, "integrity"),
        "availability": level(data.availability, "availability"),
        "supplier": optional_text(data.supplier, "supplier", max_len=200) or None,
        "active": bool(data.active),
        "calendar_id": data.calendar.id if data.calendar else None,
        "sla_policy_id": data.sla_policy.id if data.sla_policy else None,
    }


def save_service(
    actor: User, service: Service | None, data: ServiceInput, *, now: datetime
) -> Service:
    """Create (service None) or update a service after validating every field."""
    values = validate_service(data, service.id if service else None)
    created = service is None
    if created:
        service = Service()
        db.session.add(service)
    old_active = service.active
    for name, value in values.items():
        setattr(service, name, value)
    db.session.flush()
    _refuse_cases_out_of_sight(service)
    if created:
        record_audit(actor, "service_created", service, label=service.name_sv, now=now)
    elif old_active != service.active:
        _audit_active(actor, service, now=now)
    return service


def _refuse_cases_out_of_sight(service: Service) -> None:
    """A service made confidential (or given another queue while confidential) must not
    leave its unclosed cases in queues whose agents would lose sight of them."""
    if not is_restricted(service):
        return
    stray = db.session.scalar(
        select(func.count()).where(
            Ticket.service_id == service.id,
            Ticket.status != Status.CLOSED,
            Ticket.queue_id != service.queue_id,
        )
    )
    if stray:
        raise ValidationError(
            _l(
                "%(n)s open cases of this service are in other queues, whose agents would "
                "no longer see them; transfer them to its support queue first.",
                n=stray,
            ),
            field="confidentiality",
        )


def set_service_active(actor: User, service: Service, active: bool, *, now: datetime) -> None:
    """Retire or reactivate: a retired service is hidden from pickers and never a target."""
    if service.active == active:
        return
    if active and service.queue is not None and not service.queue.active:
        raise ValidationError(_l("Its support queue is inactive; choose another first."))
    service.active = active
    _audit_active(actor, service, now=now)
    db.session.flush()


def _audit_active(actor: User, service: Service, *, now: datetime) -> None:
    action = "service_reactivated" if service.active else "service_retired"
    record_audit(actor, action, service, label=service.name_sv, now=now)
