"""Small helpers shared by the views: form errors, safe redirects, query arguments and the
staff-only page check. The clock and the unit of work are in boundary/unit_of_work.py."""

from __future__ import annotations

from functools import wraps
from typing import TypeVar
from urllib.parse import urlsplit

from flask import abort, request
from flask_login import current_user, login_required
from wtforms import Form

from servicedesk.domain.errors import DomainError

T = TypeVar("T")


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


def staff_required(view):
    """Staff pages (desk, changes, problems): log in first, then agents and admins only."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not user().is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
