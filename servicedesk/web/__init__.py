"""Web layer: one package per area, each holding its blueprints. Views parse, call one domain
function, render. The machinery every area shares sits beside the packages: the menu
(`nav`), template helpers, assets, errors, security headers and `util`."""

from __future__ import annotations

from importlib import import_module

from flask import Flask

# One blueprint module per line (each defines `bp`), in registration order.
BLUEPRINT_MODULES = (
    "front.main",
    "identity.auth",
    "tickets.portal",
    "tickets.desk",
    "tickets.files",
    "front.help",
    "admin.mail",
    "admin",
    "identity.tokens",
    "changes",
    "changes.problems",
    "admin.sla",
    "reports",
    "reports.survey",
)


def register_all(app: Flask) -> None:
    for name in BLUEPRINT_MODULES:
        module = import_module(f"servicedesk.web.{name}")
        app.register_blueprint(module.bp)
