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
from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.catalog.lookup import get_active_service
from servicedesk.domain.errors import NotFound
from servicedesk.domain.major import incidents as major_domain
from servicedesk.domain.notices import notices as domain
from servicedesk.domain.permissions import get_visible_ticket
from servicedesk.domain.tickets.lists import find_by_reference

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


@bp.get("/notices/<int:notice_id>")
def get_notice(notice_id: int):
    return jsonify(notice_json(domain.get_visible_notice(api_user(), notice_id)))


def _major_ticket(reference: str | None, field: str):
    if not reference:
        return None
    return major_domain.major_by_reference(api_user(), reference, field=field).ticket


@bp.post("/notices")
def create_notice():
    me = api_user()
    data = json_body("NoticeCreate")
    services = []
    for service_id in data["services"]:
        service = get_active_service(service_id)
        if service is None:
            raise invalid({"services": [_("No such active service.")]})
        services.append(service)
    draft = domain.NoticeDraft(
        kind=data["kind"],
        title=data["title"],
        body=data.get("body", ""),
        severity=data.get("severity", 2),
        starts_at=parse_timestamp(data["starts_at"], "starts_at"),
        ends_at=parse_timestamp(data.get("ends_at"), "ends_at"),
        services=services,
        major_ticket=_major_ticket(data.get("major_incident"), "major_incident"),
    )
    notice = commit_or_error(
        lambda: domain.create_notice(me, draft, publish=bool(data.get("publish")), now=now())
    )
    response = jsonify(notice_json(notice))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_notice", notice_id=notice.id)
    return response


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
