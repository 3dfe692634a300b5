"""Problem records: list, create, read, record the analysis, resolve or close, link the
fixing change and incidents. Staff only, like the problem pages; each action is the page's
domain call."""

from __future__ import annotations

import re

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.api.blueprint import bp
from servicedesk.api.changes.routes import load_change, staff
from servicedesk.api.changes.serializers import problem_json
from servicedesk.api.errors import invalid, json_body
from servicedesk.api.params import (
    MAX_ID,
    PAGE_PARAMS,
    checked,
    choice_param,
    page_params,
    paged,
    unknown_params,
)
from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.changes import problems as domain
from servicedesk.domain.errors import NotFound, StaleVersion
from servicedesk.domain.tickets.lists import find_by_reference
from servicedesk.infra.extensions import db
from servicedesk.models import Problem, ProblemStatus, User

REFERENCE = re.compile(r"PRB-([0-9]{1,10})", re.ASCII)
STATUS_FILTERS = {"open", "all", *(s.value for s in ProblemStatus)}
OPEN_STATUSES = {s.value for s in domain.OPEN}


def load_problem(reference: str) -> Problem:
    match = REFERENCE.fullmatch(reference.strip().upper())
    problem_id = int(match.group(1)) if match else 0
    problem = db.session.get(Problem, problem_id) if 0 < problem_id <= MAX_ID else None
    if problem is None:
        raise NotFound(_l("No such problem."))
    return problem


def detail(problem: Problem, me: User, status: int = 200):
    response = jsonify(problem_json(problem, me))
    response.status_code = status
    return response


@bp.get("/problems")
def list_problems():
    me = staff()
    args, fields = request.args, {}
    unknown_params(args, PAGE_PARAMS | {"status"}, fields)
    status = choice_param(args, "status", STATUS_FILTERS, fields) or "all"
    page, per_page = page_params(args, fields)
    checked(fields)
    stmt = select(Problem)
    if status == "open":
        stmt = stmt.where(Problem.status.in_(OPEN_STATUSES))
    elif status != "all":
        stmt = stmt.where(Problem.status == status)
    stmt = stmt.order_by(Problem.id.desc())
    return jsonify(paged(stmt, page, per_page, lambda p: problem_json(p, me, incidents=False)))


@bp.post("/problems")
def create_problem():
    me = staff()
    data = json_body("ProblemCreate")
    problem = commit_or_error(lambda: domain.create_problem(me, now=now(), **data))
    response = detail(problem, me, 201)
    response.headers["Location"] = url_for("api.get_problem", reference=problem.reference)
    return response


@bp.get("/problems/<reference>")
def get_problem(reference: str):
    me = staff()
    return detail(load_problem(reference), me)


def _analysis(problem: Problem, data: dict) -> dict | None:
    """update_analysis's arguments when the body touches the analysis (an `open` or
    `known_error` status is the known-error flag), else None."""
    given = {k: data[k] for k in ("root_cause", "workaround", "known_error") if k in data}
    status = data.get("status")
    if status in OPEN_STATUSES and status != problem.status:
        wanted = status == ProblemStatus.KNOWN_ERROR
        if given.get("known_error", wanted) != wanted:
            raise invalid({"known_error": [_("This contradicts the status.")]})
        given["known_error"] = wanted
    if not given:
        return None
    return {
        "root_cause": given.get("root_cause", problem.root_cause),
        "workaround": given.get("workaround", problem.workaround),
        "known_error": given.get("known_error", problem.known_error),
    }


def _fix_change(reference: str | None, me: User):
    if reference is None:
        return None
    try:
        return load_change(reference, me)
    except NotFound as exc:
        raise invalid({"fix_change": [_("No such change.")]}) from exc


def apply_update(problem: Problem, me: User, data: dict, *, now) -> None:
    """One PATCH as one unit of work: analysis, fixing change, then resolve or close."""
    if data.get("version") not in (None, problem.version):
        raise StaleVersion(_l("Someone else changed this problem. Reload and try again."))
    analysis = _analysis(problem, data)
    if analysis is not None:
        domain.update_analysis(problem, me, now=now, **analysis)
    if "fix_change" in data:
        domain.link_fix(problem, me, _fix_change(data["fix_change"], me), now=now)
    status = data.get("status")
    if status == ProblemStatus.RESOLVED and problem.status != status:
        domain.resolve_problem(problem, me, now=now)
    elif status == ProblemStatus.CLOSED and problem.status != status:
        domain.close_problem(problem, me, now=now)


@bp.patch("/problems/<reference>")
def update_problem(reference: str):
    me = staff()
    problem = load_problem(reference)
    data = json_body("ProblemUpdate")
    commit_or_error(lambda: apply_update(problem, me, data, now=now()))
    return detail(problem, me)


@bp.post("/problems/<reference>/incidents")
def link_incident(reference: str):
    """Link a ticket the caller can see; one they cannot see is 404, as if it did not exist."""
    me = staff()
    problem = load_problem(reference)
    data = json_body("IncidentLink")
    ticket = find_by_reference(me, data["ticket"])
    if ticket is None:
        raise NotFound(_l("No such ticket."))
    linked = commit_or_error(lambda: domain.link_incident(problem, me, ticket, now=now()))
    return detail(problem, me, 201 if linked else 200)
