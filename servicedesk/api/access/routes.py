"""Access requests, decisions, the register and reviews: the pages' domain calls as JSON.

Every list and lookup filters with the access visibility rules (domain/permissions.py);
one that may not be seen answers 404, like one that does not exist.
"""

from __future__ import annotations

from datetime import date

from flask import jsonify, request
from flask_babel import gettext as _

from servicedesk.api.access.serializers import grant_json, request_json, review_json
from servicedesk.api.auth import api_user
from servicedesk.api.blueprint import bp
from servicedesk.api.errors import invalid, json_body
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
from servicedesk.domain.access import register, requests, reviews
from servicedesk.domain.bounds import EARLIEST, LATEST
from servicedesk.domain.catalog.lookup import get_active_service
from servicedesk.infra.extensions import db
from servicedesk.models import Channel, User
from servicedesk.models.access import RequestState, ReviewState

REQUEST_STATES = {"open", "all", *(s.value for s in RequestState)}
DECISIONS = {"approve": "approved", "reject": "rejected"}


def parse_day(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise invalid({field: [_("Give a date as YYYY-MM-DD.")]}) from None
    if not EARLIEST.year <= day.year < LATEST.year or len(value) != 10:
        raise invalid({field: [_("Give a date from 1990-01-01 up to 2100.")]})
    return day


@bp.get("/access-requests")
def list_access_requests():
    args, fields = request.args, {}
    unknown_params(args, PAGE_PARAMS | {"state", "mine"}, fields)
    state = choice_param(args, "state", REQUEST_STATES, fields) or "all"
    mine = choice_param(args, "mine", {"true", "false"}, fields) == "true"
    page, per_page = page_params(args, fields)
    checked(fields)
    stmt = requests.visible_requests(api_user(), state=None if state == "all" else state, mine=mine)
    return jsonify(paged(stmt, page, per_page, request_json))


def _person(data: dict) -> User | None:
    if "person" not in data:
        return None if "person_email" in data else api_user()
    person = db.session.get(User, data["person"])
    if person is None:
        raise invalid({"person": [_("No such person.")]})
    return person


@bp.post("/access-requests")
def create_access_request():
    data = json_body("AccessRequestCreate")
    me = api_user()
    valid_from = parse_day(data["valid_from"], "valid_from")
    valid_to = parse_day(data.get("valid_to"), "valid_to")
    service = get_active_service(data["service"])
    person = _person(data)
    created = commit_or_error(
        lambda: requests.file_request(
            me,
            service=service,
            role_id=data["role"],
            person=person,
            person_name=data.get("person_name", ""),
            person_email=data.get("person_email", ""),
            reason=data["reason"],
            valid_from=valid_from,
            valid_to=valid_to,
            channel=Channel.API,
            now=now(),
        )
    )
    return jsonify(request_json(created)), 201


@bp.get("/access-requests/<reference>")
def get_access_request(reference: str):
    return jsonify(request_json(requests.request_by_reference(api_user(), reference)))


@bp.post("/access-requests/<reference>/decisions")
def decide_access_request(reference: str):
    me = api_user()
    found = requests.request_by_reference(me, reference)
    data = json_body("AccessDecisionCreate")
    commit_or_error(
        lambda: requests.decide(
            found, me, DECISIONS[data["decision"]], reason=data["reason"], now=now()
        )
    )
    db.session.expire_all()
    return jsonify(request_json(requests.request_by_reference(me, reference)))


@bp.get("/access-grants")
def list_access_grants():
    args, fields = request.args, {}
    unknown_params(args, PAGE_PARAMS | {"user", "service", "active"}, fields)
    person_id = int_param(args, "user", 1, MAX_ID, fields)
    service_id = int_param(args, "service", 1, MAX_ID, fields)
    active = choice_param(args, "active", {"true", "false", "all"}, fields) or "true"
    page, per_page = page_params(args, fields)
    checked(fields)
    stmt = register.visible_grants(
        api_user(),
        person_id=person_id,
        service_id=service_id,
        active={"true": True, "false": False, "all": None}[active],
    )
    return jsonify(paged(stmt, page, per_page, grant_json))


@bp.get("/access-reviews")
def list_access_reviews():
    args, fields = request.args, {}
    unknown_params(args, PAGE_PARAMS | {"state"}, fields)
    state = choice_param(args, "state", {s.value for s in ReviewState}, fields)
    page, per_page = page_params(args, fields)
    checked(fields)
    stmt = reviews.visible_reviews(api_user(), state=state)
    return jsonify(paged(stmt, page, per_page, review_json))


@bp.post("/access-reviews/<int:review_id>/answers")
def answer_access_review(review_id: int):
    me = api_user()
    review = reviews.get_visible_review(me, review_id if review_id <= MAX_ID else None)
    data = json_body("AccessAnswerCreate")
    commit_or_error(
        lambda: reviews.answer_line(
            review, me, data["grant"], data["answer"], note=data.get("note", ""), now=now()
        )
    )
    db.session.expire_all()
    return jsonify(review_json(reviews.get_visible_review(me, review_id)))
