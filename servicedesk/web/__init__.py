"""Web layer: blueprints per audience. Views parse, call one domain function, render."""

from __future__ import annotations

from flask import Flask


def register_all(app: Flask) -> None:
    from servicedesk.web import auth, desk, files, main, portal, reports, survey

    for module in (main, auth, portal, desk, files, reports, survey):
        app.register_blueprint(module.bp)
