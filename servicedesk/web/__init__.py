"""Web layer: blueprints per audience. Views parse, call one domain function, render."""

from __future__ import annotations

from flask import Flask


def register_all(app: Flask) -> None:
    from servicedesk.web import admin_sla, auth, desk, files, main, portal

    for module in (main, auth, portal, desk, files, admin_sla):
        app.register_blueprint(module.bp)
