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
    "admin.standard_answers",
    "identity.tokens",
    "changes",
    "changes.problems",
    "admin.sla",
    "reports",
    "reports.survey",
)

# Modules that add routes to another module's blueprint (imported before it is registered).
ROUTE_MODULES = ("tickets.resolution", "tickets.answers")


def register_all(app: Flask) -> None:
    for name in ROUTE_MODULES:
        import_module(f"servicedesk.web.{name}")
    for name in BLUEPRINT_MODULES:
        module = import_module(f"servicedesk.web.{name}")
        app.register_blueprint(module.bp)
