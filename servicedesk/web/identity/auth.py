"""Log in and out; a new session id on every login (no session fixation)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.identity.sign_in import sign_in
from servicedesk.domain.identity.users import end_sessions, session_user
from servicedesk.models import User
from servicedesk.web.util import landing_url, safe_next, user

bp = Blueprint("auth", __name__)


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: None for a session ended by log-out, password or role change."""
    return session_user(session_id)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])
    submit = SubmitField(_l("Log in"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        result = commit_or_error(
            lambda: sign_in(
                form.email.data, form.password.data, address=request.remote_addr, now=now()
            )
        )
        user = result.user
        if result.retry_after:
            # The same answer for a known and an unknown account.
            minutes = result.retry_minutes
            form.password.errors = [
                ngettext(
                    "Too many failed sign-ins. Try again in %(num)s minute.",
                    "Too many failed sign-ins. Try again in %(num)s minutes.",
                    minutes,
                )
            ]
            body = render_template("identity/login.html", form=form)
            return body, 429, {"Retry-After": str(minutes * 60)}
        if user is None:
            form.password.errors = [_("Wrong e-mail address or password.")]
        else:
            lang = session.get("lang")
            session.clear()
            login_user(user)
            if lang and not user.locale:
                user.locale = lang
            return redirect(safe_next(request.args.get("next"), landing_url(user)))
    return render_template("identity/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Ends this session and every other one of the account: a copied cookie dies too."""
    commit_or_error(lambda: end_sessions(user()))
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))
