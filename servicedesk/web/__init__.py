"""Web layer: blueprints per audience. Views parse, call one domain function, render."""

from __future__ import annotations

from importlib import import_module

from flask import Flask

# One blueprint module per line (each defines `bp`).
BLUEPRINT_MODULES = (
    "main",
    "auth",
    "portal",
    "desk",
    "files",
    "help",
    "admin_mail",
    "admin",
    "tokens",
    "changes",
    "problems",
    "admin_sla",
    "reports",
    "survey",
)


def register_all(app: Flask) -> None:
    for name in BLUEPRINT_MODULES:
        module = import_module(f"servicedesk.web.{name}")
        app.register_blueprint(module.bp)
    from servicedesk import api

    app.register_blueprint(api.bp)
