"""Web layer: blueprints per audience. Views parse, call one domain function, render."""

from __future__ import annotations

from flask import Flask


def register_all(app: Flask) -> None:
    from servicedesk.web import auth, changes, desk, files, main, portal, problems

    for module in (main, auth, portal, desk, files, changes, problems):
        app.register_blueprint(module.bp)
