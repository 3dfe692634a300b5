"""Help pages: the accessibility statement with its report form, and keyboard shortcuts.

The statement is required by the accessibility law (DOS-lagen); a report of a problem
becomes an ordinary case so it is followed up like any other.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError
from servicedesk.domain.tickets import accessibility as reports
from servicedesk.web.util import apply_domain_error, user

bp = Blueprint("help", __name__)

REPORT_PREFIX = reports.REPORT_PREFIX


class AccessibilityReportForm(FlaskForm):
    page = StringField(
        _l("Which page or function?"),
        validators=[DataRequired(), Length(max=reports.TITLE_ROOM)],
        description=_l("For example “New case” or the address of the page."),
    )
    description = TextAreaField(
        _l("Describe the problem"),
        validators=[DataRequired(), Length(max=reports.DESCRIPTION_MAX)],
        description=_l("What did you try to do, and what stopped you? Tell us any aids you use."),
    )
    # asked only of someone who is not signed in, so that the desk can answer
    name = StringField(_l("Your name"), validators=[Length(max=200)])
    email = StringField(
        _l("Your e-mail address"),
        validators=[Length(max=254)],
        description=_l("We answer you here."),
    )
    phone = StringField(
        _l("Phone (optional)"), validators=[Length(max=40)], description=_l("If you prefer a call.")
    )
    submit = SubmitField(_l("Send report"))


@bp.route("/tillganglighet", methods=["GET", "POST"])
def accessibility():
    form = AccessibilityReportForm()
    signed_in = current_user.is_authenticated
    if form.validate_on_submit():
        try:
            ticket = commit_or_error(
                lambda: reports.file_report(
                    reporter=user() if signed_in else None,
                    page=form.page.data,
                    description=form.description.data,
                    name=form.name.data,
                    email=form.email.data,
                    phone=form.phone.data,
                    now=now(),
                )
            )
        except DomainError as exc:
            message = apply_domain_error(form, exc)
            if message:
                flash(message, "error")
        else:
            if signed_in:
                flash(
                    _(
                        "Thank you. Your report is registered as case %(ref)s.",
                        ref=ticket.reference,
                    ),
                    "success",
                )
                return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id))
            flash(
                _(
                    "Thank you. Your report is registered as case %(ref)s; we answer you by e-mail.",
                    ref=ticket.reference,
                ),
                "success",
            )
            return redirect(url_for("help.accessibility"))
    return render_template(
        "front/accessibility.html",
        form=form,
        signed_in=signed_in,
        contact_email=current_app.config["MAIL_DESK_ADDRESS"],
        contact_phone=current_app.config["ACCESSIBILITY_CONTACT_PHONE"],
    )


@bp.route("/help/shortcuts")
@login_required
def shortcuts():
    return render_template("front/shortcuts.html")
