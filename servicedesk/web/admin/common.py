"""The admin blueprint, its access check and the save-or-show-errors pattern."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from servicedesk.boundary.unit_of_work import commit_or_error
from servicedesk.domain.errors import DomainError
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Role, Unit, User, UserRole
from servicedesk.web.util import form_error, form_status

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def require_admin():
    """Every admin page: administrators only."""
    if not current_user.has_role(Role.ADMIN):
        abort(403)


def save_or_render(
    form, action: Callable[[], object], success: str, target: str, template: str, **ctx
):
    """Validate, run one domain action as a unit of work, redirect; else show the errors
    next to their fields (nothing is changed)."""
    if form.validate_on_submit():
        try:
            commit_or_error(action)
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(success, "success")
            return redirect(target)
    return render_template(template, form=form, **ctx), form_status(form)


def get_or_none(model, ident: int | None):
    return db.session.get(model, ident) if ident else None


def unit_choices(blank: str = "—") -> list[tuple[int, str]]:
    units = db.session.scalars(select(Unit).order_by(Unit.name))
    return [(0, blank)] + [(u.id, u.name) for u in units]


def queue_choices(*, active_only: bool = False, blank: str | None = "—") -> list[tuple[int, str]]:
    stmt = select(Queue).order_by(Queue.name)
    if active_only:
        stmt = stmt.where(Queue.active.is_(True))
    head = [(0, blank)] if blank is not None else []
    return head + [(q.id, q.name) for q in db.session.scalars(stmt)]


def named_choices(model, blank: str = "—") -> list[tuple[int, str]]:
    """Choices for a model with a `name` column (calendars, SLA policies)."""
    rows = db.session.scalars(select(model).order_by(model.name))
    return [(0, blank)] + [(row.id, row.name) for row in rows]


def staff_choices(blank: str = "—") -> list[tuple[int, str]]:
    stmt = (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.active.is_(True), UserRole.role.in_((Role.AGENT.value, Role.ADMIN.value)))
        .distinct()
        .order_by(User.name)
    )
    return [(0, blank)] + [(u.id, f"{u.name} ({u.email})") for u in db.session.scalars(stmt)]


def abort_if_none(obj):
    if obj is None:
        abort(404)
    return obj


@bp.context_processor
def admin_template_globals():
    from servicedesk.web.admin import labels as admin_labels

    return {"admin_labels": admin_labels}
