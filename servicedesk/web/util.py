"""Small helpers shared by the views: form errors, safe redirects, query arguments and the
staff-only page check. The clock and the unit of work are in boundary/unit_of_work.py."""

from __future__ import annotations

from datetime import date
from functools import wraps
from typing import TypeVar
from urllib.parse import urlsplit

from flask import abort, request, url_for
from flask_login import current_user, login_required
from wtforms import Form

from servicedesk.domain.bounds import EARLIEST, LATEST, MAX_ID, valid_id
from servicedesk.domain.errors import DomainError
from servicedesk.domain.identity import landing

T = TypeVar("T")


def apply_domain_error(form: Form, error: DomainError) -> str | None:
    """Put a domain error next to its field; returns the message when no field matches."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message] if field.errors else [error.message]
        return None
    return error.message


def form_error(form: Form, error: DomainError) -> None:
    """A domain error on a form: next to its field, else at the top of the form's error
    summary (`form.form_errors`), never only in a flash that the page may not show."""
    message = apply_domain_error(form, error)
    if message:
        form.form_errors.append(message)


def form_status(form: Form) -> int:
    """The status of a page shown again with its form: 422 when the form has errors."""
    return 422 if form.errors else 200


def safe_next(target: str | None, default: str) -> str:
    """Only same-site relative paths: no open redirect."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def int_arg(
    name: str, default: int | None = None, *, low: int = 1, high: int = MAX_ID
) -> int | None:
    """A whole number from the query string (an id, a page, a priority), or `default` when
    it is missing, not a number or outside low..high (a 30-digit id cannot reach the
    database: SQLite binds at most 64 bits)."""
    value = request.args.get(name, "")
    if not value.isascii() or len(value) > 12:
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    return number if low <= number <= high else default


def date_arg(name: str) -> date | None:
    """A YYYY-MM-DD day from the query string within the years times may have (1990 up to
    2100), else None: year 1 or 9999 would overflow the calendar's arithmetic."""
    try:
        day = date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None
    return day if EARLIEST.year <= day.year < LATEST.year else None


def key_arg(name: str) -> str:
    """A drill-down key: text (a ticket type) as given, but a number must be an id; one
    beyond the id columns names nothing: 404."""
    value = request.args.get(name, "")
    try:
        number = int(value)
    except ValueError:
        return value
    if not valid_id(number) and number != 0:
        abort(404)
    return value


def user():
    return current_user._get_current_object()


LANDING_ENDPOINTS = {
    landing.DESK: "desk.dashboard",
    landing.REPORTS: "reports.index",
    landing.PORTAL: "portal.home",
}


def landing_url(person) -> str:
    """The start page of the person's main role (desk, reports or portal)."""
    return url_for(LANDING_ENDPOINTS[landing.landing_area(person)])


def staff_required(view):
    """Staff pages (desk, changes, problems): log in first, then agents and admins only."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not user().is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
