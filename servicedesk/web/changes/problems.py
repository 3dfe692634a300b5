"""Problem records for staff: list, new, detail with linked incidents and the fixing change."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.changes import problems as domain
from servicedesk.domain.changes.links import parse_change_reference
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.permissions import get_visible_change
from servicedesk.domain.tickets.lists import find_by_reference
from servicedesk.infra.extensions import db
from servicedesk.models import Change, Problem, ProblemStatus, Ticket
from servicedesk.web.changes.forms import (
    ActionForm,
    AnalysisForm,
    FixChangeForm,
    IncidentLinkForm,
    ProblemForm,
)
from servicedesk.web.nav import register_nav
from servicedesk.web.util import form_error, form_status, staff_required, user

bp = Blueprint("problems", __name__, url_prefix="/problems")
register_nav(
    "problems.problem_list",
    _l("Problems"),
    visible=lambda u: u.is_staff,
    blueprint="problems",
    order=41,
    group="changes",
)


def _load(problem_id: int) -> Problem:
    problem = db.session.get(Problem, problem_id)
    if problem is None:
        abort(404)
    return problem


@bp.route("/")
@staff_required
def problem_list():
    status = request.args.get("status", "open")
    stmt = select(Problem)
    if status == "open":
        stmt = stmt.where(Problem.status.in_([s.value for s in domain.OPEN]))
    elif status in {s.value for s in ProblemStatus}:
        stmt = stmt.where(Problem.status == status)
    rows = db.session.scalars(stmt.order_by(Problem.id.desc()).limit(200)).all()
    return render_template("changes/problems/list.html", problems=rows, status=status)


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def problem_new():
    form = ProblemForm()
    if form.validate_on_submit():
        try:
            problem = commit_or_error(
                lambda: domain.create_problem(
                    user(), title=form.title.data, description=form.description.data, now=now()
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Problem %(ref)s is created.", ref=problem.reference), "success")
            return redirect(url_for("problems.problem_detail", problem_id=problem.id))
    return render_template("changes/problems/new.html", form=form), form_status(form)


def _detail(problem: Problem, failed: tuple[str, object] | None = None):
    """The problem page; `failed` is (name, form) of a form shown again with its errors,
    what was typed kept, under the page's error summary."""
    me = user()
    forms = {
        "link_form": IncidentLinkForm(),
        "analysis_form": AnalysisForm(obj=problem),
        "fix_form": FixChangeForm(
            reference=problem.fix_change.reference if problem.fix_change else ""
        ),
        "action_form": ActionForm(),
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    visible = {t.id for t in problem.incidents if find_by_reference(me, t.reference)}
    page = render_template(
        "changes/problems/detail.html",
        problem=problem,
        visible_ids=visible,
        error_form=failed[1] if failed else None,
        **forms,
    )
    return page, 422 if failed else 200


@bp.route("/<int:problem_id>")
@staff_required
def problem_detail(problem_id: int):
    return _detail(_load(problem_id))


def _act(problem: Problem, form, action, success: str, name: str = "action_form"):
    """Validate one of the page's forms and run its action as a unit of work; redirect on
    success, else show the page again with that form's errors."""
    if form.validate_on_submit():
        try:
            commit_or_error(action)
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(success, "success")
            return redirect(url_for("problems.problem_detail", problem_id=problem.id))
    db.session.expire_all()  # show the problem as stored, not as the failed action left it
    return _detail(_load(problem.id), (name, form))


def _visible_ticket(reference: str) -> Ticket:
    ticket = find_by_reference(user(), reference)
    if ticket is None:
        raise DomainError(
            _("No case with number %(ref)s was found.", ref=reference.strip()), field="reference"
        )
    return ticket


@bp.route("/<int:problem_id>/incidents", methods=["POST"])
@staff_required
def link_incident(problem_id: int):
    problem = _load(problem_id)
    form = IncidentLinkForm()
    return _act(
        problem,
        form,
        lambda: domain.link_incident(
            problem, user(), _visible_ticket(form.reference.data), now=now()
        ),
        _("The incident is linked."),
        "link_form",
    )


@bp.route("/<int:problem_id>/incidents/<int:ticket_id>/unlink", methods=["POST"])
@staff_required
def unlink_incident(problem_id: int, ticket_id: int):
    problem = _load(problem_id)
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None:
        abort(404)
    return _act(
        problem,
        ActionForm(),
        lambda: domain.unlink_incident(problem, user(), ticket, now=now()),
        _("The incident is unlinked."),
    )


@bp.route("/<int:problem_id>/analysis", methods=["POST"])
@staff_required
def analysis(problem_id: int):
    problem = _load(problem_id)
    form = AnalysisForm()
    return _act(
        problem,
        form,
        lambda: domain.update_analysis(
            problem,
            user(),
            root_cause=form.root_cause.data,
            workaround=form.workaround.data,
            known_error=form.known_error.data,
            now=now(),
        ),
        _("The analysis is saved."),
        "analysis_form",
    )


def _change_by_reference(reference: str) -> Change | None:
    if not (reference or "").strip():
        return None
    try:
        return get_visible_change(user(), parse_change_reference(reference))
    except NotFound:
        raise DomainError(
            _("No change with number %(ref)s.", ref=reference.strip()), field="reference"
        ) from None


@bp.route("/<int:problem_id>/fix", methods=["POST"])
@staff_required
def link_fix(problem_id: int):
    problem = _load(problem_id)
    form = FixChangeForm()
    return _act(
        problem,
        form,
        lambda: domain.link_fix(
            problem, user(), _change_by_reference(form.reference.data), now=now()
        ),
        _("The fixing change is saved."),
        "fix_form",
    )


@bp.route("/<int:problem_id>/resolve", methods=["POST"])
@staff_required
def resolve(problem_id: int):
    problem = _load(problem_id)
    action = lambda: domain.resolve_problem(problem, user(), now=now())  # noqa: E731
    return _act(problem, ActionForm(), action, _("The problem is resolved."))


@bp.route("/<int:problem_id>/close", methods=["POST"])
@staff_required
def close(problem_id: int):
    problem = _load(problem_id)
    action = lambda: domain.close_problem(problem, user(), now=now())  # noqa: E731
    return _act(problem, ActionForm(), action, _("The problem is closed."))
