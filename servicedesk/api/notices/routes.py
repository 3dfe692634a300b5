"""Notices (`GET /notices?active=true`, one notice, writing one) and major incidents
(declare, read, link a case, one update to everyone affected). Every call is the pages'
domain function; refusals are the domain's field errors."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_babel import gettext as _

from servicedesk.api.auth import api_user
from servicedesk.api.blueprint import bp
from servicedesk.api.errors import invalid, json_body, parse_timestamp
from servicedesk.api.notices.serializers import major_json, notice_json
from servicedesk.api.params import MAX_ID, checked, choice_param, int_param, unknown_params
from servicedesk.api.serializers import iso
from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.catalog.lookup import get_active_service
from servicedesk.domain.errors import NotFound
from servicedesk.domain.major import incidents as major_domain
from servicedesk.domain.major import suggestions as suggest
from servicedesk.domain.notices import notices as domain
from servicedesk.domain.permissions import get_visible_ticket
from servicedesk.domain.tickets.lists import find_by_reference
from servicedesk.models import Notice, NoticeState

LIST_PARAMS = {"active", "service"}


@bp.get("/notices")
def list_notices():
    """Active notices (`active=true`), or those of the public page plus, for staff, the
    drafts and older ones; `service` narrows to one service."""
    me = api_user()
    fields: dict = {}
    unknown_params(request.args, LIST_PARAMS, fields)
    active = choice_param(request.args, "active", {"true", "false"}, fields)
    service_id = int_param(request.args, "service", 1, MAX_ID, fields)
    checked(fields)
    if active == "true":
        notices = domain.active_notices(now=now(), service_ids=[service_id] if service_id else None)
    else:
        notices = domain.staff_notices(me) if me.is_staff else domain.public_notices(now=now())
        if service_id:
            notices = [n for n in notices if service_id in {s.id for s in n.services}]
    return jsonify({"items": [notice_json(n) for n in notices]})


# GET and the write of one path share one rule: with two rules a huge id (no match for
# the converter) would answer 405 instead of 404 (werkzeug counts the other rule's method).
@bp.route("/notices/<int:notice_id>", methods=["GET", "PATCH"])
def get_notice(notice_id: int):
    if request.method == "PATCH":
        return update_notice(notice_id)
    return jsonify(notice_json(domain.get_visible_notice(api_user(), notice_id)))


def _major_ticket(reference: str | None, field: str):
    if not reference:
        return None
    return major_domain.major_by_reference(api_user(), reference, field=field).ticket


def _services(ids: list[int]) -> list:
    services = []
    for service_id in ids:
        service = get_active_service(service_id)
        if service is None:
            raise invalid({"services": [_("No such active service.")]})
        services.append(service)
    return services


def _draft(data: dict, notice: Notice | None = None) -> domain.NoticeDraft:
    """The notice as the body asks: every field given, the others as the notice is now
    (all of them when writing a new one)."""

    def given(name: str, current):
        return data.get(name, current)

    def stamp(name: str, current):
        return parse_timestamp(data[name], name) if name in data else current

    major = notice.major_ticket if notice else None
    if "major_incident" in data:
        major = _major_ticket(data["major_incident"], "major_incident")
    return domain.NoticeDraft(
        kind=given("kind", notice.kind if notice else None),
        title=given("title", notice.title if notice else ""),
        body=given("body", notice.body if notice else ""),
        severity=given("severity", notice.severity if notice else 2),
        starts_at=stamp("starts_at", notice.starts_at if notice else None),
        ends_at=stamp("ends_at", notice.ends_at if notice else None),
        services=_services(data["services"]) if "services" in data else list(notice.services),
        major_ticket=major,
    )


@bp.post("/notices")
def create_notice():
    me = api_user()
    data = json_body("NoticeCreate")
    draft = _draft(data)
    notice = commit_or_error(
        lambda: domain.create_notice(me, draft, publish=bool(data.get("publish")), now=now())
    )
    response = jsonify(notice_json(notice))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_notice", notice_id=notice.id)
    return response


def update_notice(notice_id: int):
    """Change the fields given; `publish: true` publishes a draft. A published notice's
    followers are mailed once for the change, a draft's once when it is published."""
    me = api_user()
    notice = domain.get_visible_notice(me, notice_id)
    data = json_body("NoticeUpdate")
    draft = _draft(data, notice)

    def work():
        domain.update_notice(notice, me, draft, now=now())
        if data.get("publish") and notice.state == NoticeState.DRAFT:
            domain.publish_notice(notice, me, now=now())
        return notice

    return jsonify(notice_json(commit_or_error(work)))


@bp.post("/notices/<int:notice_id>/resolve")
def resolve_notice(notice_id: int):
    """The outage is over: the notice is resolved (with an optional closing text) and its
    followers mailed once."""
    me = api_user()
    notice = domain.get_visible_notice(me, notice_id)
    text = json_body("NoticeResolve").get("text", "")
    commit_or_error(lambda: domain.resolve_notice(notice, me, text=text, now=now()))
    return jsonify(notice_json(notice))


# --- Major incidents ----------------------------------------------------------------------


def _load_major(reference: str):
    ticket = find_by_reference(api_user(), reference)
    major = major_domain.major_of(ticket) if ticket is not None else None
    if major is None:
        raise NotFound(_("No such major incident."))
    return major


def _case(reference: str, field: str):
    ticket = find_by_reference(api_user(), reference)
    if ticket is None:
        raise invalid({field: [_("No case with number %(ref)s.", ref=reference)]})
    return get_visible_ticket(api_user(), ticket.id)


@bp.post("/major-incidents")
def declare_major():
    me = api_user()
    ticket = _case(json_body("MajorDeclare")["ticket"], "ticket")
    major = commit_or_error(lambda: major_domain.declare_major(ticket, me, now=now()))
    response = jsonify(major_json(major, me))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_major", reference=ticket.reference)
    return response


@bp.get("/major-incidents/<reference>")
def get_major(reference: str):
    return jsonify(major_json(_load_major(reference), api_user()))


@bp.post("/major-incidents/<reference>/children")
def link_major_child(reference: str):
    me = api_user()
    major = _load_major(reference)
    child = _case(json_body("MajorChildLink")["child"], "child")
    commit_or_error(lambda: major_domain.link_child(major, child, me, now=now()))
    return jsonify(major_json(major, me))


@bp.post("/major-incidents/<reference>/updates")
def post_major_update(reference: str):
    me = api_user()
    major = _load_major(reference)
    body = json_body("MajorUpdate")["body"]
    commit_or_error(lambda: major_domain.post_update(major, me, body, now=now()))
    return jsonify(major_json(major, me))


# --- Major-incident thresholds ------------------------------------------------------------


def _threshold_json(row) -> dict:
    return {
        "service": {"id": row.service.id, "name": row.service.name_sv},
        "count": row.count,
        "minutes": row.minutes,
        "updated_at": iso(row.updated_at),
    }


@bp.get("/major-thresholds")
def list_thresholds():
    return jsonify({"items": [_threshold_json(r) for r in suggest.kept_thresholds(api_user())]})


@bp.route("/major-thresholds/<int:service_id>", methods=["GET", "PUT"])
def get_threshold(service_id: int):
    if request.method == "PUT":
        return set_threshold(service_id)
    row = suggest.threshold_of(suggest.kept_service(api_user(), service_id))
    if row is None:
        raise NotFound(_("This service has no threshold."))
    return jsonify(_threshold_json(row))


def set_threshold(service_id: int):
    me = api_user()
    service = suggest.kept_service(me, service_id)
    data = json_body("MajorThresholdSet")
    row = commit_or_error(
        lambda: suggest.set_threshold(me, service, data["count"], data["minutes"], now=now())
    )
    return jsonify(_threshold_json(row))
