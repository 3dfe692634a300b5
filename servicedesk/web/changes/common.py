"""The changes blueprint and its place in the menu, shared by the change pages."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from servicedesk.web.nav import register_nav, register_nav_group

bp = Blueprint("changes", __name__, url_prefix="/changes")
register_nav(
    "changes.change_list",
    _l("Changes"),
    visible=lambda u: u.is_staff,
    blueprint="changes",
    order=40,
    group="changes",
)
register_nav_group("changes", _l("Changes and problems"), order=40)
