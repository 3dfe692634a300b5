"""The admin page "Säkerhetskö": which queue works the security incidents (audited)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import SelectField, SubmitField

from servicedesk.boundary.unit_of_work import now
from servicedesk.domain.security.queue import current_security_queue
from servicedesk.domain.security.setting import choose_security_queue
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, QueueMember
from servicedesk.web.admin.common import bp, get_or_none, queue_choices, save_or_render
from servicedesk.web.util import user


class SecurityQueueForm(FlaskForm):
    queue = SelectField(
        _l("Security queue"),
        coerce=int,
        description=_l(
            "Every security incident goes to this queue. Its members, the security role and "
            "admins are the only ones who see them; every incident, closed ones too, moves "
            "with the choice."
        ),
    )
    submit = SubmitField(_l("Save"))


@bp.route("/security", methods=["GET", "POST"])
def security_queue_setting():
    current = current_security_queue()
    form = SecurityQueueForm()
    if not form.is_submitted():
        form.queue.data = current.id if current is not None else 0
    form.queue.choices = queue_choices(active_only=True)
    members = 0
    if current is not None:
        members = db.session.scalar(
            select(func.count()).select_from(QueueMember).where(QueueMember.queue_id == current.id)
        )
    return save_or_render(
        form,
        lambda: choose_security_queue(user(), get_or_none(Queue, form.queue.data), now=now()),
        _("The security queue is saved."),
        url_for("admin.security_queue_setting"),
        "admin/security_queue.html",
        current=current,
        members=members,
    )
