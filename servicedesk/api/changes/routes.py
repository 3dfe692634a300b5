"""Change requests: list, create, read, edit, move through the workflow, approve or reject.

Staff only, like the change pages (an employee gets 403 whatever the reference, so the
answer says nothing about which changes exist). Every action is the page's domain call.
"""

from __future__ import annotations

import re

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from servicedesk.api.auth import api_user
from servicedesk.api.blueprint import bp
from servicedesk.api.changes.serializers import change_detail_json, change_json
from servicedesk.api.errors import ApiError, invalid, json_body, parse_timestamp
from servicedesk.api.params import (
    MAX_ID,
    PAGE_PARAMS,
    checked,
    choice_param,
    int_param,
    page_params,
    paged,
    unknown_params,
)
from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.changes import approvals as change_approvals
from servicedesk.domain.changes import state as change_state
from servicedesk.domain.changes import workflow as changes
from servicedesk.domain.changes.rules import MissingFields
from servicedesk.domain.permissions import change_visibility, get_visible_change
from servicedesk.infra.extensions import db
from servicedesk.models import Change, ChangeKind, ChangeService, ChangeState, Service, User

REFERENCE = re.compile(r"CHG-([0-9]{1,10})", re.ASCII)
STATE_FILTERS = {"open", "all", *(s.value for s in ChangeState)}
LIST_PARAMS = PAGE_PARAMS | {"state", "kind", "service"}
DECISIONS = {"approve": "approved", "reject": "rejected"}


def staff() -> User:
    me = api_user()
    change_state.require_staff(me)
    return me


def load_change(reference: str, me: User) -> Change:
    """The change `me` may see, else 404 (the same answer as for one that does not exist)."""
    match = REFERENCE.fullmatch(reference.strip().upper())
    change_id = int(match.group(1)) if match else 0
    return get_visible_change(me, change_id if 0 < change_id <= MAX_ID else None)


def _list_query():
    args, fields = request.args, {}
    unknown_params(args, LIST_PARAMS, fields)
    state = choice_param(args, "state", STATE_FILTERS, fields) or "all"
    kind = choice_param(args, "kind", {k.value for k in ChangeKind}, fields)
    service_id = int_param(args, "service", 1, MAX_ID, fields)
    page, per_page = page_params(args, fields)
    checked(fields)
    stmt = select(Change).where(change_visibility(api_user()))
    if state == "open":
        stmt = stmt.where(Change.state.in_([s.value for s in change_state.OPEN_STATES]))
    elif state != "all":
        stmt = stmt.where(Change.state == state)
    if kind:
        stmt = stmt.where(Change.kind == kind)
    if service_id:
        touching = select(ChangeService.change_id).where(ChangeService.service_id == service_id)
        stmt = stmt.where(Change.id.in_(touching))
    return stmt.order_by(Change.id.desc()), page, per_page


@bp.get("/changes")
def list_changes():
    staff()
    stmt, page, per_page = _list_query()
    return jsonify(paged(stmt, page, per_page, change_json))


def _services(ids: list[int]) -> list[Service]:
    found = list(db.session.scalars(select(Service).where(Service.id.in_(ids), Service.active)))
    if len(found) != len(set(ids)):
        raise invalid({"services": [_("No such active service.")]})
    return found


def _owner(user_id: int) -> User:
    owner = db.session.get(User, user_id)
    if owner is None or not owner.active or not owner.is_staff:
        raise invalid({"owner": [_("Choose an active member of the service desk staff.")]})
    return owner


def change_arguments(data: dict) -> dict:
    """The body as keyword arguments of create_change/update_change (times in UTC)."""
    values = {name: data[name] for name in changes.EDITABLE_FIELDS if name in data}
    for name in ("planned_start", "planned_end"):
        if name in values:
            values[name] = parse_timestamp(values[name], name)
    if "services" in data:
        values["services"] = _services(data["services"])
    if "owner" in data:
        values["owner"] = _owner(data["owner"])
    return values


def detail(change: Change, me: User, status: int = 200):
    response = jsonify(change_detail_json(change, me))
    response.status_code = status
    return response


@bp.post("/changes")
def create_change():
    me = staff()
    values = change_arguments(json_body("ChangeCreate"))
    change = commit_or_error(lambda: changes.create_change(me, now=now(), **values))
    response = detail(change, me, 201)
    response.headers["Location"] = url_for("api.get_change", reference=change.reference)
    return response


@bp.get("/changes/<reference>")
def get_change(reference: str):
    me = staff()
    return detail(load_change(reference, me), me)


@bp.patch("/changes/<reference>")
def update_change(reference: str):
    me = staff()
    change = load_change(reference, me)
    data = json_body("ChangeUpdate")
    values = change_arguments(data)
    commit_or_error(
        lambda: changes.update_change(
            change, me, expected_version=data.get("version"), now=now(), **values
        )
    )
    return detail(change, me)


@bp.post("/changes/<reference>/transitions")
def transition_change(reference: str):
    me = staff()
    change = load_change(reference, me)
    data = json_body("ChangeTransition")
    try:
        commit_or_error(
            lambda: changes.transition(
                change, me, data["to"], expected_version=data.get("version"), now=now()
            )
        )
    except MissingFields as exc:
        needed = [_("Needed before the change can be submitted.")]
        raise ApiError(422, exc.code, exc.message, {f: needed for f in exc.fields}) from exc
    return detail(change, me)


@bp.post("/changes/<reference>/approvals")
def decide_change(reference: str):
    me = staff()
    change = load_change(reference, me)
    data = json_body("ChangeDecision")
    commit_or_error(
        lambda: change_approvals.decide(
            change, me, DECISIONS[data["decision"]], comment=data.get("comment", ""), now=now()
        )
    )
    return detail(change, me)
