"""The profile page for personal API tokens: create (secret shown once), list, revoke."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError
from servicedesk.domain.identity.api_tokens import (
    MAX_DAYS,
    NAME_MAX,
    create_token,
    revoke_token,
    tokens_of,
)
from servicedesk.web.nav import ACCOUNT, register_nav
from servicedesk.web.util import apply_domain_error, user

bp = Blueprint("tokens", __name__, url_prefix="/profile")
register_nav(
    "tokens.index",
    _l("API tokens"),
    visible=lambda u: True,
    blueprint="tokens",
    order=90,
    group=ACCOUNT,
)


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        description=_l("What the token is for, e.g. the monitoring system."),
        validators=[DataRequired(), Length(max=NAME_MAX)],
    )
    days = IntegerField(
        _l("Valid for (days)"),
        description=_l("Leave empty for a token that does not expire."),
        validators=[Optional(), NumberRange(min=1, max=MAX_DAYS)],
    )
    submit = SubmitField(_l("Create token"))


class RevokeForm(FlaskForm):
    """Only the CSRF check: each row renders the token field itself (no duplicate ids)."""

    submit = SubmitField(_l("Revoke"))


def _page(form: TokenForm, secret: str | None = None, status: int = 200):
    me = user()
    body = render_template(
        "identity/tokens.html",
        form=form,
        tokens=tokens_of(me),
        secret=secret,
        now=now(),
    )
    return body, status


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def index():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            _token, secret = commit_or_error(
                lambda: create_token(user(), name=form.name.data, days=form.days.data, now=now())
            )
        except DomainError as exc:
            message = apply_domain_error(form, exc)
            if message:
                flash(message, "error")
        else:
            # Rendered, not redirected: the secret must never be stored, not even in a flash.
            return _page(TokenForm(formdata=None), secret=secret)
    return _page(form, status=422 if form.errors else 200)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    if RevokeForm().validate_on_submit():
        try:
            commit_or_error(lambda: revoke_token(token_id, owner=user(), now=now()))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("The token is revoked."), "success")
    return redirect(url_for("tokens.index"))
