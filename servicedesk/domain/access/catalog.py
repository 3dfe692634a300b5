"""Which services grant access, the roles each offers and who approves them (admins keep
it), and the review cycle of each service."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import optional_text, required_text
from servicedesk.domain.errors import NotFound, PermissionDenied, ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import AccessRole, AccessService, Role, Service, User
from servicedesk.models.access import ApprovalChain

DEFAULT_REVIEW_MONTHS = 3  # quarterly


def require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise PermissionDenied(_l("Only administrators keep the access catalog."))


def access_services(*, active_only: bool = True) -> list[AccessService]:
    stmt = select(AccessService).join(Service, Service.id == AccessService.service_id)
    if active_only:
        stmt = stmt.where(AccessService.active, Service.active)
    return list(db.session.scalars(stmt.order_by(Service.name_sv)))


def access_service_for(service: Service | None) -> AccessService | None:
    if service is None:
        return None
    return db.session.scalar(select(AccessService).where(AccessService.service_id == service.id))


def offered_roles(service: Service | None) -> list[AccessRole]:
    """The active roles of a service that grants access (none for any other service)."""
    settings = access_service_for(service)
    if settings is None or not settings.active:
        return []
    stmt = select(AccessRole).where(AccessRole.service_id == service.id, AccessRole.active)
    return list(db.session.scalars(stmt.order_by(AccessRole.name_sv)))


def offered_role(service: Service | None, role_id: int | None) -> AccessRole:
    """The role, if the service offers it; else a validation error on the role field."""
    for role in offered_roles(service):
        if role.id == role_id:
            return role
    raise ValidationError(
        _l("The chosen system does not offer that role."), field="role", code="role_not_offered"
    )


def _whole(value, field: str, low: int, high: int) -> int:
    if not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            _l("Give a whole number from %(low)s to %(high)s.", low=low, high=high), field=field
        )
    return value


def _cycle(settings: AccessService) -> str:
    """The audit's value: months between reviews, escalation and warning days, on/off."""
    return (
        f"{settings.review_months}/{settings.escalate_after_days}/"
        f"{settings.expiry_warning_days}/{int(settings.active)}"
    )


def save_access_service(
    actor: User,
    service: Service,
    *,
    review_months: int = DEFAULT_REVIEW_MONTHS,
    escalate_after_days: int = 14,
    expiry_warning_days: int = 14,
    active: bool = True,
    now: datetime,
) -> AccessService:
    """Make `service` one that grants access (or change its cycle); audited."""
    require_admin(actor)
    settings = access_service_for(service)
    old = None if settings is None else _cycle(settings)
    if settings is None:
        settings = AccessService(service_id=service.id)
        db.session.add(settings)
    settings.review_months = _whole(review_months, "review_months", 1, 24)
    settings.escalate_after_days = _whole(escalate_after_days, "escalate_after_days", 1, 90)
    settings.expiry_warning_days = _whole(expiry_warning_days, "expiry_warning_days", 1, 90)
    settings.active = bool(active)
    db.session.flush()
    record_audit(
        actor,
        "access_service_saved",
        service,
        old=old,
        new=_cycle(settings),
        label=service.name_sv,
        now=now,
    )
    return settings


def save_access_role(
    actor: User,
    service: Service,
    *,
    role: AccessRole | None = None,
    name_sv: str,
    name_en: str = "",
    chain: str = ApprovalChain.BOTH,
    active: bool = True,
    now: datetime,
) -> AccessRole:
    """Add or edit a role of a service that grants access; audited."""
    require_admin(actor)
    if access_service_for(service) is None:
        raise ValidationError(_l("This service does not grant access yet."), field="service")
    if chain not in ApprovalChain.__members__.values():
        raise ValidationError(_l("Choose who approves the role."), field="chain")
    name = required_text(name_sv, "name_sv", max_len=100)
    clash = db.session.scalar(
        select(AccessRole.id).where(AccessRole.service_id == service.id, AccessRole.name_sv == name)
    )
    if clash is not None and (role is None or clash != role.id):
        raise ValidationError(_l("The service has a role with that name."), field="name_sv")
    if role is None:
        role = AccessRole(service_id=service.id)
        db.session.add(role)
    elif role.service_id != service.id:
        raise NotFound(_l("No such role."))
    role.name_sv = name
    role.name_en = optional_text(name_en, "name_en", max_len=100) or name
    role.chain = str(chain)
    role.active = bool(active)
    db.session.flush()
    record_audit(
        actor,
        "access_role_saved",
        role,
        new=f"{role.chain}/{int(role.active)}",
        label=f"{service.name_sv} #{role.id}",
        now=now,
    )
    return role
