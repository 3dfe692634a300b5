"""The access work pages: tasks of the service's queue, the register (and asking for a
removal), reviews and their answers, and the access reports."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.access import register, reports, reviews
from servicedesk.domain.access import tasks as access_tasks
from servicedesk.domain.access.cases import today
from servicedesk.domain.access.catalog import access_services
from servicedesk.domain.errors import DomainError
from servicedesk.domain.reports.export import to_csv
from servicedesk.infra.extensions import db
from servicedesk.web.access.common import bp, or_404, render
from servicedesk.web.access.forms import AnswerForm, RevokeForm, TaskForm
from servicedesk.web.helpers import current_locale_code, localtime
from servicedesk.web.util import form_error, int_arg, user

LIST_LIMIT = 500


@bp.route("/tasks")
@login_required
def tasks():
    me = user()
    rows = access_tasks.open_tasks(me)
    forms = {t.id: TaskForm(prefix=f"task-{t.id}") for t in rows}
    return render("access/tasks.html", rows=rows, forms=forms, summary=access_tasks.task_summary)


@bp.route("/tasks/<int:task_id>/done", methods=["POST"])
@login_required
def task_done(task_id: int):
    me = user()
    task = or_404(access_tasks.get_task, me, task_id)
    form = TaskForm(prefix=f"task-{task.id}")
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: access_tasks.complete_task(task, me, note=form.note.data, now=now())
            )
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("The task is done and the register is updated."), "success")
    else:
        flash(_("The note is too long."), "error")
    return redirect(url_for("access.tasks"))


@bp.route("/register")
@login_required
def register_page():
    service_id = int_arg("service")
    state = request.args.get("state", "active")
    rows = _register_rows()
    locale = current_locale_code()
    services = [(s.service_id, s.service.name_for(locale)) for s in access_services()]
    return render(
        "access/register.html",
        rows=rows,
        services=services,
        service_id=service_id,
        state=state,
        today=today(now()),
    )


def _register_rows():
    """The register lines the reader may see, filtered as the page's query string says."""
    active = {"active": True, "ended": False, "all": None}.get(request.args.get("state"), True)
    stmt = register.visible_grants(user(), service_id=int_arg("service"), active=active)
    return db.session.scalars(stmt.limit(LIST_LIMIT)).all()


@bp.route("/register.csv")
@login_required
def register_csv():
    """The register as the page shows it, for a spreadsheet; the export is audited."""
    rows = _register_rows()
    locale = current_locale_code()
    header = [
        _("Person"), _("E-mail"), _("System"), _("Role"), _("From"), _("To"),
        _("Granted by"), _("Decided by"), _("Ended"), _("Why it ended"),
    ]  # fmt: skip
    body = [
        [
            g.person_name,
            g.person_email,
            g.service.name_for(locale),
            g.role.name_for(locale),
            g.valid_from.isoformat(),
            g.valid_to.isoformat() if g.valid_to else "",
            g.request.reference if g.request else "",
            g.decision.approver.name if g.decision else "",
            localtime(g.revoked_at) if g.revoked_at else "",
            g.revoke_reason,
        ]
        for g in rows
    ]
    me = user()
    commit_or_error(
        lambda: register.record_export(me, len(rows), filters=request.query_string, now=now())
    )
    return Response(
        to_csv(header, body),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="behorighetsregister.csv"'},
    )


@bp.route("/grants/<int:grant_id>", methods=["GET", "POST"])
@login_required
def grant_detail(grant_id: int):
    me = user()
    grant = or_404(register.get_visible_grant, me, grant_id)
    form = RevokeForm()
    status = 200
    if form.validate_on_submit():
        try:
            made = commit_or_error(
                lambda: register.request_revocation(me, grant, reason=form.reason.data, now=now())
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Removal requested: %(ref)s.", ref=made.reference), "success")
            return redirect(url_for("access.grant_detail", grant_id=grant.id))
    if form.errors:
        status = 422
        db.session.expire_all()
        grant = or_404(register.get_visible_grant, me, grant_id)
    return render(
        "access/grant.html",
        status,
        grant=grant,
        form=form,
        open_removal=access_tasks.has_open_revoke_task(grant),
    )


@bp.route("/reviews")
@login_required
def reviews_page():
    rows = db.session.scalars(reviews.visible_reviews(user()).limit(LIST_LIMIT)).all()
    return render("access/reviews.html", rows=rows, now=now())


def _review_page(review, failed: tuple[int, AnswerForm] | None = None):
    me = user()
    forms = {}
    for line in review.lines:
        if line.answer is None:
            form = AnswerForm(prefix=f"line-{line.grant_id}", grant=line.grant_id)
            forms[line.grant_id] = form
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render(
        "access/review.html",
        422 if failed else 200,
        review=review,
        forms=forms,
        may_answer=reviews.may_answer(review, me),
        failed=failed[1] if failed else None,
    )


@bp.route("/reviews/<int:review_id>")
@login_required
def review_detail(review_id: int):
    return _review_page(or_404(reviews.get_visible_review, user(), review_id))


@bp.route("/reviews/<int:review_id>/lines/<int:grant_id>", methods=["POST"])
@login_required
def review_answer(review_id: int, grant_id: int):
    me = user()
    review = or_404(reviews.get_visible_review, me, review_id)
    form = AnswerForm(prefix=f"line-{grant_id}")
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: reviews.answer_line(
                    review, me, grant_id, form.answer.data, note=form.note.data, now=now()
                )
            )
        except DomainError as exc:
            if exc.status == 404:
                abort(404)
            form_error(form, exc)
        else:
            flash(_("The answer is saved."), "success")
            return redirect(url_for("access.review_detail", review_id=review.id) + "#lines")
    db.session.expire_all()
    return _review_page(or_404(reviews.get_visible_review, me, review_id), (grant_id, form))


@bp.route("/reports")
@login_required
def reports_page():
    me = user()
    moment = now()
    return render(
        "access/reports.html",
        on_time=reports.reviews_on_time(me, now=moment),
        unreviewed=reports.grants_without_review(me, now=moment),
        past_end=reports.grants_past_end(me, now=moment),
    )
