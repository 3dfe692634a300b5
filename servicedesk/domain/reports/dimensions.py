"""The groupings a report can use, each a ticket column, and how to name their keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, select

from servicedesk.domain import labels
from servicedesk.domain.settings_cache import cached
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Service, Ticket, Unit


@dataclass(frozen=True)
class Dimension:
    name: str
    title: object  # lazy string
    column: Callable[[], ColumnElement]
    needs_service: bool = False


def _owner_unit():
    return Service.owner_unit_id


DIMENSIONS: dict[str, Dimension] = {
    "service": Dimension("service", _l("Service"), lambda: Ticket.service_id),
    "queue": Dimension("queue", _l("Queue"), lambda: Ticket.queue_id),
    "unit": Dimension("unit", _l("Owner unit"), _owner_unit, needs_service=True),
    "priority": Dimension("priority", _l("Priority"), lambda: Ticket.priority),
    "type": Dimension("type", _l("Ticket type"), lambda: Ticket.type),
}


def get_dimension(name: str) -> Dimension:
    return DIMENSIONS.get(name, DIMENSIONS["service"])


def key_condition(dim: Dimension, key: str | None) -> ColumnElement[bool]:
    """Tickets whose value for `dim` is `key` ("" or None = no value), for drill-down."""
    column = dim.column()
    if dim.needs_service:
        subject = Ticket.service_id.in_(
            select(Service.id).where(Service.owner_unit_id == _as_int(key))
        )
        return Ticket.service_id.is_(None) if not key else subject
    if not key:
        return column.is_(None)
    return column == (key if dim.name == "type" else _as_int(key))


def _as_int(key: str | None) -> int:
    try:
        return int(key or 0)
    except ValueError:
        return 0


def label_keys(dim: Dimension, keys: list, locale: str) -> dict:
    """Display names for the keys of one grouping, loaded in one query."""
    with force_locale(locale):
        return _label_keys(dim, keys, locale)


def _label_keys(dim: Dimension, keys: list, locale: str) -> dict:
    ids = [k for k in keys if k is not None]
    if dim.name in NAMED:
        names = cached(("report.names", dim.name, locale), lambda: _all_names(dim.name, locale))
    elif dim.name == "priority":
        names = {k: labels.label(labels.PRIORITY, k) for k in ids}
    else:
        names = {k: labels.label(labels.TICKET_TYPE, k) for k in ids}
    none_label = str(_l("No service")) if dim.name in ("service", "unit") else "–"
    return {k: str(names.get(k, k)) if k is not None else none_label for k in keys}


NAMED = ("service", "queue", "unit")


def _all_names(name: str, locale: str) -> dict[int, str]:
    """Every service's, queue's or unit's name: kept per process behind the settings token
    (an edit of any of them gives a new one), so a report names its rows without a query."""
    if name == "service":
        rows = db.session.execute(select(Service.id, Service.name_sv, Service.name_en))
        return {r.id: (r.name_en if locale == "en" and r.name_en else r.name_sv) for r in rows}
    model = Queue if name == "queue" else Unit
    return dict(db.session.execute(select(model.id, model.name)).all())
