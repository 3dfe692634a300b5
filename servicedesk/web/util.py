"""Small helpers shared by the views: the clock, the unit-of-work boundary, form errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlsplit

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from wtforms import Form

from servicedesk.domain.errors import DomainError, StaleVersion
from servicedesk.extensions import db
from servicedesk.models.base import utcnow

T = TypeVar("T")


def now() -> datetime:
    return utcnow()


def commit_or_error(action: Callable[[], T]) -> T:
    """Run one domain action as a unit of work: commit it whole, or roll it back whole."""
    try:
        result = action()
        db.session.commit()
        return result
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleVersion(
            _l("Someone else changed this ticket at the same moment. Reload and try again.")
        ) from exc
    except Exception:
        db.session.rollback()
        raise


def apply_domain_error(form: Form, error: DomainError) -> str | None:
    """Put a domain error next to its field; returns the message when no field matches."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message] if field.errors else [error.message]
        return None
    return error.message


def safe_next(target: str | None, default: str) -> str:
    """Only same-site relative paths: no open redirect."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def int_arg(name: str, default: int | None = None) -> int | None:
    value = request.args.get(name, "")
    try:
        return int(value)
    except ValueError:
        return default


def user():
    return current_user._get_current_object()
