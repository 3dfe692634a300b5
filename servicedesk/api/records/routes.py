"""Authorities, the register, legal holds and the thinning log.

Every call is the registrar pages' domain function with the one registrar rule
(`domain/permissions.py`): a caller who keeps no register gets 403; the register of an
authority they do not keep is refused on its `authority` field. The register is paged by
key (`after` is the `next` of the previous page) and masks secret records exactly as the
page and the CSV do (domain/records/register.py).
"""

from __future__ import annotations

from datetime import date

from flask import jsonify, request
from flask_babel import gettext as _

from servicedesk.api.auth import api_user
from servicedesk.api.blueprint import bp
from servicedesk.api.errors import invalid, json_body
from servicedesk.api.params import MAX_ID, checked, int_param, unknown_params
from servicedesk.api.records.serializers import (
    authority_json,
    hold_json,
    register_row_json,
    thinning_json,
)
from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import NotFound
from servicedesk.domain.permissions import require_registrar
from servicedesk.domain.records.authorities import kept_authorities
from servicedesk.domain.records.register import PAGE_SIZE, Cursor, register_rows
from servicedesk.domain.records.retention import (
    all_holds,
    hold_target,
    lift_hold,
    place_hold,
    thinning_log,
)
from servicedesk.infra.extensions import db
from servicedesk.models import LegalHold

REGISTER_PARAMS = {"authority", "from", "to", "after", "limit"}


def _kept():
    me = api_user()
    require_registrar(me)
    return kept_authorities(me)


@bp.get("/authorities")
def list_authorities():
    return jsonify({"items": [authority_json(a) for a in _kept()]})


def _date_param(name: str, fields: dict) -> date | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        fields[name] = [_("Give a date as YYYY-MM-DD.")]
        return None


@bp.get("/register")
def get_register():
    kept = {a.id: a for a in _kept()}
    fields: dict = {}
    unknown_params(request.args, REGISTER_PARAMS, fields)
    authority_id = int_param(request.args, "authority", 1, MAX_ID, fields)
    limit = int_param(request.args, "limit", 1, 500, fields) or PAGE_SIZE
    start, end = _date_param("from", fields), _date_param("to", fields)
    if start and end and end < start:
        fields["to"] = [_("The end date is before the start date.")]
    cursor = Cursor.decode(request.args.get("after"))
    if "after" in request.args and cursor is None:
        fields["after"] = [_("Not a page of this list.")]
    if "authority" not in fields and authority_id not in kept:
        fields["authority"] = [_("Choose an authority whose register you keep.")]
    checked(fields)
    rows, next_cursor = register_rows(
        api_user(), kept[authority_id], start=start, end=end, cursor=cursor, limit=limit
    )
    return jsonify(
        {
            "items": [register_row_json(r) for r in rows],
            "next": next_cursor.encode() if next_cursor else None,
        }
    )


@bp.get("/legal-holds")
def list_legal_holds():
    require_registrar(api_user())
    return jsonify({"items": [hold_json(h) for h in all_holds()]})


@bp.post("/legal-holds")
def create_legal_hold():
    me = api_user()
    require_registrar(me)
    data = json_body("LegalHoldCreate")
    until = None
    if data.get("until"):
        try:
            until = date.fromisoformat(data["until"])
        except ValueError:
            raise invalid({"until": [_("Give a date as YYYY-MM-DD.")]}) from None

    def place():
        ticket, service, person = hold_target(
            data["target"],
            reference=data.get("reference"),
            service_id=data.get("service"),
            email=data.get("person"),
        )
        hold = place_hold(
            me,
            ticket=ticket,
            service=service,
            person=person,
            reason=data["reason"],
            until=until,
            now=now(),
        )
        return hold_json(hold)

    response = jsonify(commit_or_error(place))
    response.status_code = 201
    return response


@bp.post("/legal-holds/<int:hold_id>/lift")
def lift_legal_hold(hold_id: int):
    me = api_user()
    require_registrar(me)
    hold = db.session.get(LegalHold, hold_id)
    if hold is None:
        raise NotFound(_("No such legal hold."))
    data = json_body("LegalHoldLift")

    def lift():
        lift_hold(me, hold, reason=data["reason"], now=now())
        return hold_json(hold)

    return jsonify(commit_or_error(lift))


@bp.get("/thinning-log")
def get_thinning_log():
    require_registrar(api_user())
    fields: dict = {}
    unknown_params(request.args, {"limit"}, fields)
    limit = int_param(request.args, "limit", 1, 1000, fields) or 200
    checked(fields)
    return jsonify({"items": [thinning_json(e) for e in thinning_log(limit)]})
