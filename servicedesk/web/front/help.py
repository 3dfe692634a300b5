"""Help pages: the accessibility statement with its report form, and keyboard shortcuts.

The statement is required by the accessibility law (DOS-lagen); a report of a problem
becomes an ordinary case so it is followed up like any other.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError
from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.models import Channel, TicketType
from servicedesk.web.util import apply_domain_error, user

bp = Blueprint("help", __name__)

REPORT_PREFIX = "[Tillgänglighet]"
TITLE_ROOM = 200 - len(REPORT_PREFIX) - 1


class AccessibilityReportForm(FlaskForm):
    page = StringField(
        _l("Which page or function?"),
        validators=[DataRequired(), Length(max=TITLE_ROOM)],
        description=_l("For example “New case” or the address of the page."),
    )
    description = TextAreaField(
        _l("Describe the problem"),
        validators=[DataRequired(), Length(max=10_000)],
        description=_l("What did you try to do, and what stopped you? Tell us any aids you use."),
    )
    submit = SubmitField(_l("Send report"))


def report_title(page: str) -> str:
    """Reports are ordinary cases, told apart in every list by their subject prefix."""
    return f"{REPORT_PREFIX} {page.strip()}"


@bp.route("/tillganglighet", methods=["GET", "POST"])
def accessibility():
    form = AccessibilityReportForm()
    if current_user.is_authenticated and form.validate_on_submit():
        me = user()
        try:
            ticket = commit_or_error(
                lambda: ticket_domain.create_ticket(
                    requester=me,
                    actor=me,
                    title=report_title(form.page.data),
                    description=form.description.data,
                    ticket_type=TicketType.INCIDENT,
                    channel=Channel.PORTAL,
                    now=now(),
                )
            )
        except DomainError as exc:
            message = apply_domain_error(form, exc)
            if message:
                flash(message, "error")
        else:
            flash(
                _("Thank you. Your report is registered as case %(ref)s.", ref=ticket.reference),
                "success",
            )
            return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id))
    return render_template("front/accessibility.html", form=form)


@bp.route("/help/shortcuts")
@login_required
def shortcuts():
    return render_template("front/shortcuts.html")
