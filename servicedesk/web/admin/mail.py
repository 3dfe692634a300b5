"""Admin: outbound mail that is waiting or was given up, inbound mail that was not acted
on, a "retry now" button, the raw message for inspection, and "reprocess" / "accept" for
kept inbound mail."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import SubmitField

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError
from servicedesk.domain.mail import admin as mail_admin
from servicedesk.domain.mail import advice as mail_advice
from servicedesk.domain.mail.pipeline import reprocess_and_commit
from servicedesk.models import OutboxStatus, Role
from servicedesk.web.nav import register_nav
from servicedesk.web.util import user

bp = Blueprint("admin_mail", __name__, url_prefix="/admin/mail")
register_nav(
    "admin_mail.index",
    _l("Mail"),
    visible=lambda u: u.has_role(Role.ADMIN),
    blueprint="admin_mail",
    order=90,
    group="admin",
)


class RetryForm(FlaskForm):
    submit = SubmitField(_l("Retry now"))


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not user().has_role(Role.ADMIN):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/")
@admin_required
def index():
    return render_template(
        "admin/mail/index.html",
        pending=mail_admin.stuck_outbound(OutboxStatus.PENDING),
        failed=mail_admin.stuck_outbound(OutboxStatus.FAILED),
        inbound=mail_admin.unhandled_inbound(),
        form=RetryForm(),
        advice=mail_advice.advice,
        inbound_reason=mail_advice.inbound_reason,
    )


@bp.route("/outbox/<int:message_id>/retry", methods=["POST"])
@admin_required
def retry(message_id: int):
    form = RetryForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        commit_or_error(lambda: mail_admin.retry_outbox(message_id, user(), now=now()))
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(_("The message will be sent at the next run."), "success")
    return redirect(url_for("admin_mail.index"))


@bp.route("/inbound/<int:message_id>/reprocess", methods=["POST"])
@admin_required
def reprocess(message_id: int):
    return _reprocess(message_id, vouched=False)


@bp.route("/inbound/<int:message_id>/accept", methods=["POST"])
@admin_required
def accept(message_id: int):
    return _reprocess(message_id, vouched=True)


def _reprocess(message_id: int, *, vouched: bool):
    """Run the rules again (pipeline commits, or keeps the message with the error)."""
    if not RetryForm().validate_on_submit():
        abort(400)
    try:
        row = reprocess_and_commit(message_id, user(), now=now(), vouched=vouched)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        if row.status == "processed":
            flash(
                _("Message %(id)s was processed: %(reason)s", id=row.id, reason=row.reason),
                "success",
            )
        else:
            flash(
                _("Message %(id)s is still kept: %(reason)s", id=row.id, reason=row.reason), "info"
            )
    return redirect(url_for("admin_mail.index"))


@bp.route("/inbound/<int:message_id>.eml")
@admin_required
def inbound_raw(message_id: int):
    try:
        row = mail_admin.inbound_raw(message_id, user())
    except DomainError:
        abort(404)
    return Response(
        row.raw,
        mimetype="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="inbound-{row.id}.eml"'},
    )
