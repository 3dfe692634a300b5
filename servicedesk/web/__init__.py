"""Web layer: one package per area, each holding its blueprints. Views parse, call one domain
function, render. The machinery every area shares sits beside the packages: the menu
(`nav`), template helpers, assets, errors, security headers and `util`."""

from __future__ import annotations

from importlib import import_module

from flask import Flask

# One blueprint module per line (each defines `bp`), in registration order. Several modules
# may add views to one blueprint (the desk's): every module is imported before any blueprint
# is registered, and each blueprint is registered once.
BLUEPRINT_MODULES = (
    "front.main",
    "identity.auth",
    "tickets.portal",
    "tickets.desk",
    "tickets.find",
    "tickets.phone",
    "tickets.queue",
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
    "incidents.views",
    "notices",
    "major",
    "kb",
    "access",
    "records",
)

# Modules that add routes to another module's blueprint (imported before it is registered).
ROUTE_MODULES = ("tickets.resolution", "tickets.answers", "incidents.desk")


def register_all(app: Flask) -> None:
    for name in ROUTE_MODULES:
        import_module(f"servicedesk.web.{name}")
    modules = [import_module(f"servicedesk.web.{name}") for name in BLUEPRINT_MODULES]
    for blueprint in dict.fromkeys(module.bp for module in modules):
        app.register_blueprint(blueprint)
