"""Admin views for users: create, roles, unit, active, queue membership (all audited)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from servicedesk.boundary.unit_of_work import now
from servicedesk.domain.admin.users import (
    admin_create_user,
    set_user_queues,
    update_user,
)
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, QueueMember, Unit, User
from servicedesk.web.admin.common import (
    abort_if_none,
    bp,
    get_or_none,
    queue_choices,
    save_or_render,
    unit_choices,
)
from servicedesk.web.admin.forms import UserForm
from servicedesk.web.util import user


@bp.route("/users")
def users():
    stmt = select(User).options(joinedload(User.unit)).order_by(User.name)
    return render_template("admin/users.html", users=db.session.scalars(stmt).all())


def _user_form(account: User | None) -> UserForm:
    form = UserForm()
    if account is not None and not form.is_submitted():
        queue_ids = db.session.scalars(
            select(QueueMember.queue_id).where(QueueMember.user_id == account.id)
        )
        form = UserForm(
            data={
                "email": account.email,
                "name": account.name,
                "phone": account.phone,
                "employee_number": account.employee_number or "",
                "unit": account.unit_id or 0,
                "roles": sorted(account.roles),
                "active": account.active,
                "queues": sorted(queue_ids),
            }
        )
    if account is not None:
        # The e-mail address is the login; passwords are set by their owner.
        del form.email
        del form.password
    form.unit.choices = unit_choices()
    form.queues.choices = queue_choices(blank=None)
    return form


def _queues(form: UserForm) -> list[Queue]:
    return [q for q in (db.session.get(Queue, i) for i in form.queues.data or []) if q]


def _create(form: UserForm) -> User:
    me, at = user(), now()
    account = admin_create_user(
        me,
        email=form.email.data,
        name=form.name.data,
        password=form.password.data or None,
        roles=set(form.roles.data or []),
        unit=get_or_none(Unit, form.unit.data),
        phone=form.phone.data or "",
        employee_number=form.employee_number.data or "",
        now=at,
    )
    if not form.active.data:
        update_user(
            me,
            account,
            name=account.name,
            unit=account.unit,
            active=False,
            roles=account.roles,
            now=at,
        )
    set_user_queues(me, account, _queues(form), now=at)
    return account


def _update(form: UserForm, account: User) -> None:
    me, at = user(), now()
    update_user(
        me,
        account,
        name=form.name.data,
        unit=get_or_none(Unit, form.unit.data),
        active=form.active.data,
        roles=set(form.roles.data or []),
        phone=form.phone.data or "",
        employee_number=form.employee_number.data or "",
        now=at,
    )
    set_user_queues(me, account, _queues(form), now=at)


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = _user_form(None)
    return save_or_render(
        form,
        lambda: _create(form),
        _("The user is saved."),
        url_for("admin.users"),
        "admin/user_form.html",
        account=None,
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    account = abort_if_none(db.session.get(User, user_id))
    form = _user_form(account)
    return save_or_render(
        form,
        lambda: _update(form, account),
        _("The user is saved."),
        url_for("admin.users"),
        "admin/user_form.html",
        account=account,
    )
