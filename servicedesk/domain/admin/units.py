"""Organisational units: create and rename (units are never deleted)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import optional_text, required_text, unique_name
from servicedesk.domain.errors import ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import Unit, UnitKind, User


def save_unit(
    actor: User,
    unit: Unit | None,
    *,
    name: str,
    short_name: str = "",
    kind: str,
    parent: Unit | None = None,
    now: datetime,
) -> Unit:
    name = required_text(name, "name", max_len=200)
    unique_name(Unit, Unit.name, name, unit.id if unit else None, "name")
    if kind not in UnitKind.__members__.values():
        raise ValidationError(_l("Choose a kind of unit."), field="kind")
    if unit is not None and parent is not None and _is_within(parent, unit):
        raise ValidationError(_l("A unit cannot be placed under itself."), field="parent")
    created = unit is None
    if created:
        unit = Unit()
        db.session.add(unit)
    unit.name = name
    unit.short_name = optional_text(short_name, "short_name", max_len=40)
    unit.kind = kind
    unit.parent = parent
    db.session.flush()
    if created:
        record_audit(actor, "unit_created", unit, label=unit.name, now=now)
    return unit


def _is_within(candidate: Unit, unit: Unit) -> bool:
    node, seen = candidate, set()
    while node is not None and node.id not in seen:
        if node.id == unit.id:
            return True
        seen.add(node.id)
        node = node.parent
    return False
