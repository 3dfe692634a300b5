"""Standard answers (svarsmallar) admin pages: administrators keep every answer, a queue
lead the answers of the queues they lead (the permission layer's `led_queue_scope`). Its
own blueprint under /admin/answers, since the admin blueprint is for administrators only."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.answers.placeholders import DOCUMENTED
from servicedesk.domain.answers.standard_answers import (
    answer_queues,
    kept_answer,
    kept_answers,
    may_keep_answers,
    save_answer,
)
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.permissions import led_queue_scope
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, StandardAnswer
from servicedesk.web.nav import register_nav
from servicedesk.web.tickets.answer_forms import StandardAnswerForm
from servicedesk.web.util import apply_domain_error, user

bp = Blueprint("answers_admin", __name__, url_prefix="/admin/answers")
# In the admin group for admins; a queue lead's menu shows it on its own (a group with one
# entry is that link).
register_nav(
    "answers_admin.answers",
    _l("Standard answers"),
    visible=may_keep_answers,
    blueprint="answers_admin",
    order=75,
    group="admin",
)

# What each placeholder (by its Swedish name) is filled with, for the page's explanation.
PLACEHOLDER_LABELS = {
    "förnamn": _l("the requester's first name"),
    "ärendenummer": _l("the case number"),
    "rubrik": _l("the case's subject"),
    "handläggare": _l("the name of the agent who answers"),
}


@bp.context_processor
def placeholder_help():
    return {"placeholders": DOCUMENTED, "placeholder_labels": PLACEHOLDER_LABELS}


@bp.before_request
@login_required
def require_keeper():
    """Administrators, and queue leads of an active queue."""
    if led_queue_scope(user()) == set():
        abort(403)


@bp.route("/")
def answers():
    return render_template("admin/standard_answers.html", answers=kept_answers(user()))


def _form(answer: StandardAnswer | None) -> StandardAnswerForm:
    form = StandardAnswerForm()
    if answer is not None and not form.is_submitted():
        form = StandardAnswerForm(obj=answer, data={"queue": answer.queue_id or 0})
    everyone = [(0, _("Everyone (all queues)"))] if led_queue_scope(user()) is None else []
    form.queue.choices = everyone + [(q.id, q.name) for q in answer_queues(user())]
    return form


def _page(answer: StandardAnswer | None):
    form = _form(answer)
    if form.validate_on_submit():
        try:
            _saved, unknown = commit_or_error(
                lambda: save_answer(
                    user(),
                    answer,
                    title=form.title.data,
                    queue=db.session.get(Queue, form.queue.data) if form.queue.data else None,
                    body_sv=form.body_sv.data,
                    body_en=form.body_en.data or "",
                    keywords=form.keywords.data or "",
                    active=bool(form.active.data),
                    now=now(),
                )
            )
        except DomainError as exc:
            message = apply_domain_error(form, exc)
            if message:
                flash(message, "error")
        else:
            flash(_("The standard answer is saved."), "success")
            if unknown:
                flash(
                    _(
                        "Not placeholders, left as written: %(keys)s",
                        keys=", ".join(unknown),
                    ),
                    "warning",
                )
            return redirect(url_for("answers_admin.answers"))
    return render_template("admin/standard_answer_form.html", form=form, answer=answer)


@bp.route("/new", methods=["GET", "POST"])
def answer_new():
    return _page(None)


@bp.route("/<int:answer_id>", methods=["GET", "POST"])
def answer_edit(answer_id: int):
    try:
        answer = kept_answer(user(), answer_id)
    except NotFound:
        abort(404)
    return _page(answer)
