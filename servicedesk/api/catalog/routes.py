"""Who am I, and the catalog a client needs to file and route tickets: services, queues, units."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from servicedesk.api.auth import api_user
from servicedesk.api.blueprint import bp
from servicedesk.api.catalog.serializers import me_json, queue_json, service_json, unit_json
from servicedesk.domain.catalog.lookup import active_queues
from servicedesk.domain.errors import NotFound, ValidationError
from servicedesk.domain.sla.serialize import calendar_json
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, Service, Unit


@bp.get("/me")
def me():
    return jsonify(me_json(api_user()))


@bp.get("/services")
def services():
    stmt = (
        select(Service)
        .where(Service.active.is_(True))
        .options(joinedload(Service.owner_unit), joinedload(Service.queue))
        .order_by(Service.name_sv)
    )
    return jsonify({"items": [service_json(s) for s in db.session.scalars(stmt).unique()]})


@bp.get("/queues")
def queues():
    # Load the units of the active queues in one query before serializing.
    queues = active_queues()
    unit_ids = {q.unit_id for q in queues}
    if unit_ids:
        list(db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids))))
    return jsonify({"items": [queue_json(q) for q in queues]})


@bp.get("/units")
def units():
    return jsonify(
        {"items": [unit_json(u) for u in db.session.scalars(select(Unit).order_by(Unit.name))]}
    )


@bp.get("/calendars/<int:calendar_id>")
def calendar(calendar_id: int):
    """A calendar's time zone, weekly hours, closed dates and short days for `year`, so a
    client can check a deadline itself."""
    found = db.session.get(Calendar, calendar_id) if calendar_id < 2**31 else None
    if found is None:
        raise NotFound(_l("No such calendar."))
    year_text = request.args.get("year", "")
    if not year_text:
        year = datetime.now(ZoneInfo(found.timezone)).year
    elif year_text.isascii() and year_text.isdigit() and 1900 <= int(year_text) <= 2200:
        year = int(year_text)
    else:
        raise ValidationError(_l("Give a year between 1900 and 2200."), field="year")
    return jsonify(calendar_json(found, year))
