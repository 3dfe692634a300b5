"""Admin views for queues: list, create, edit (lead, members, active, auto-assignment)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.admin.queues import (
    member_ids,
    save_queue,
    set_queue_active,
    set_queue_members,
)
from servicedesk.domain.errors import DomainError
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Unit, User
from servicedesk.web.admin.common import (
    abort_if_none,
    bp,
    get_or_none,
    save_or_render,
    staff_choices,
    unit_choices,
)
from servicedesk.web.admin.forms import ActionForm, QueueForm
from servicedesk.web.util import user


@bp.route("/queues")
def queues():
    stmt = (
        select(Queue).options(joinedload(Queue.unit), joinedload(Queue.lead)).order_by(Queue.name)
    )
    return render_template(
        "admin/queues.html",
        queues=db.session.scalars(stmt).unique().all(),
        action_form=ActionForm(),
    )


def _queue_form(queue: Queue | None) -> QueueForm:
    form = QueueForm()
    if queue is not None and not form.is_submitted():
        form = QueueForm(
            data={
                "name": queue.name,
                "unit": queue.unit_id,
                "lead": queue.lead_id or 0,
                "email": queue.email or "",
                "is_central": queue.is_central,
                "active": queue.active,
                "auto_assign": queue.auto_assign,
                "default_internal_note": queue.default_internal_note,
                "members": sorted(member_ids(queue.id)),
            }
        )
    form.unit.choices = unit_choices()
    form.lead.choices = staff_choices()
    form.members.choices = [c for c in staff_choices() if c[0]]
    return form


def _save(form: QueueForm, queue: Queue | None) -> Queue:
    me, at = user(), now()
    saved = save_queue(
        me,
        queue,
        name=form.name.data,
        unit=get_or_none(Unit, form.unit.data),
        lead=get_or_none(User, form.lead.data),
        is_central=form.is_central.data,
        active=form.active.data,
        auto_assign=form.auto_assign.data,
        default_internal_note=form.default_internal_note.data,
        email=form.email.data,
        now=at,
    )
    members = [u for u in (db.session.get(User, i) for i in form.members.data or []) if u]
    set_queue_members(me, saved, members, now=at)
    return saved


@bp.route("/queues/new", methods=["GET", "POST"])
def queue_new():
    form = _queue_form(None)
    return save_or_render(
        form,
        lambda: _save(form, None),
        _("The queue is saved."),
        url_for("admin.queues"),
        "admin/queue_form.html",
        queue=None,
    )


@bp.route("/queues/<int:queue_id>", methods=["GET", "POST"])
def queue_edit(queue_id: int):
    queue = abort_if_none(db.session.get(Queue, queue_id))
    form = _queue_form(queue)
    return save_or_render(
        form,
        lambda: _save(form, queue),
        _("The queue is saved."),
        url_for("admin.queues"),
        "admin/queue_form.html",
        queue=queue,
    )


@bp.route("/queues/<int:queue_id>/active", methods=["POST"])
def queue_active(queue_id: int):
    queue = abort_if_none(db.session.get(Queue, queue_id))
    if ActionForm().validate_on_submit():
        make_active = not queue.active
        try:
            commit_or_error(lambda: set_queue_active(user(), queue, make_active, now=now()))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Activated.") if make_active else _("Deactivated."), "success")
    return redirect(url_for("admin.queues"))
