"""Query-string parameters of the list endpoints: checked, so bad input is a 422, not a 500."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from servicedesk.api.errors import invalid
from servicedesk.domain.tickets.lists import MAX_PER_PAGE
from servicedesk.infra.extensions import db

MAX_ID = 2**31 - 1
PAGE_PARAMS = frozenset({"page", "per_page"})


def int_param(args, name: str, low: int, high: int, fields: dict) -> int | None:
    raw = args.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        fields[name] = [_("Give a whole number from %(low)s to %(high)s.", low=low, high=high)]
    return value


def choice_param(args, name: str, choices, fields: dict) -> str | None:
    raw = args.get(name)
    if raw is not None and raw not in choices:
        values = ", ".join(sorted(choices))
        fields[name] = [_("Not one of the allowed values: %(values)s.", values=values)]
    return raw


def unknown_params(args, allowed, fields: dict) -> None:
    for name in set(args) - set(allowed):
        fields[name] = [_("Unknown field.")]


def page_params(args, fields: dict) -> tuple[int, int]:
    page = int_param(args, "page", 1, 100_000, fields) or 1
    per_page = int_param(args, "per_page", 1, MAX_PER_PAGE, fields) or 25
    return page, per_page


def checked(fields: dict) -> None:
    if fields:
        raise invalid(fields)


def paged(stmt: Select, page: int, per_page: int, to_json: Callable) -> dict:
    """One page of `stmt` (already ordered) and the total it counts, as the list JSON."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return {
        "items": [to_json(row) for row in rows],
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
    }
