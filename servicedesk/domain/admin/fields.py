"""Small validators shared by the admin functions (messages name the field)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from servicedesk.domain.errors import ValidationError
from servicedesk.infra.extensions import db


def required_text(value: str | None, field: str, *, max_len: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_l("This field is required."), field=field)
    return optional_text(value, field, max_len=max_len)


def optional_text(value: str | None, field: str, *, max_len: int) -> str:
    value = (value or "").strip()
    if len(value) > max_len:
        raise ValidationError(_l("At most %(n)s characters.", n=max_len), field=field)
    return value


def level(value: int | None, field: str) -> int:
    if value not in (1, 2, 3, 4):
        raise ValidationError(_l("Choose a level from 1 to 4."), field=field)
    return int(value)


def unique_name(model, column, value: str, own_id: int | None, field: str) -> None:
    """Refuse a name another row already has (case-insensitive)."""
    stmt = select(model.id).where(func.lower(column) == value.lower())
    if own_id is not None:
        stmt = stmt.where(model.id != own_id)
    if db.session.scalar(stmt) is not None:
        raise ValidationError(_l("That name is already in use."), field=field)


def active_staff(user, field: str):
    """An assignee, administrator or lead must be an active account (None passes)."""
    if user is None:
        return None
    if not user.active:
        raise ValidationError(_l("That user is inactive."), field=field)
    return user
