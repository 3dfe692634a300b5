"""Error pages and JSON errors: a clear message, the right status, nothing changed."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from servicedesk.domain.errors import DomainError
from servicedesk.infra.extensions import db


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, fields: dict | None = None):
    body = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return jsonify(body), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        if wants_json():
            fields = {error.field: [error.message]} if error.field else None
            return json_error(error.status, error.code, error.message, fields)
        return render_template(
            "errors/error.html", status=error.status, message=error.message
        ), error.status

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        current_app.logger.warning("CSRF refused on %s: %s", request.path, error.description)
        message = _("The form had expired or came from elsewhere. Reload the page and try again.")
        if wants_json():
            return json_error(400, "csrf_failed", message)
        return render_template("errors/error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            400: _("The request was not understood."),
            401: _("You need to log in."),
            403: _("You do not have permission to do that."),
            404: _("The page or case you asked for does not exist, or you may not see it."),
            405: _("That method is not allowed here."),
            413: _("The upload is too large."),
        }
        status = error.code or 500
        message = messages.get(status, error.description or "")
        if wants_json():
            code = {404: "not_found", 413: "too_large", 405: "method_not_allowed"}.get(
                status, error.name.lower().replace(" ", "_")
            )
            return json_error(status, code, message)
        return render_template("errors/error.html", status=status, message=message), status

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        message = _("Something went wrong on our side. Nothing was saved; try again.")
        if wants_json():
            return json_error(500, "server_error", message)
        return render_template("errors/error.html", status=500, message=message), 500
