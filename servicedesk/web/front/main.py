"""The front door: where to go after login, the language switch, and health."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, session, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import text
from wtforms import HiddenField, SelectField

from servicedesk.infra.extensions import db
from servicedesk.web.util import landing_url, safe_next

bp = Blueprint("main", __name__)


class LanguageForm(FlaskForm):
    lang = SelectField(choices=[("sv", "Svenska"), ("en", "English")])
    next = HiddenField()


@bp.route("/")
@login_required
def index():
    return redirect(landing_url(current_user))


@bp.route("/language", methods=["POST"])
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        lang = form.lang.data
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(form.next.data, url_for("main.index")))


@bp.route("/health")
def health():
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok", "version": current_app.config.get("VERSION", "0.1.0")})
