"""The access blueprint, its menu entry and the render helper its pages share."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import lazy_gettext as _l

from servicedesk.domain.access import labels as access_labels
from servicedesk.domain.errors import NotFound
from servicedesk.web.nav import ACCESS_SECURITY, register_nav

bp = Blueprint("access", __name__, url_prefix="/access")
register_nav(
    "access.home",
    _l("Access"),
    visible=lambda u: True,
    blueprint="access",
    order=26,
    group=ACCESS_SECURITY,
)


def render(template: str, status: int = 200, **context):
    return render_template(template, alabels=access_labels, **context), status


def or_404(load, *args):
    """The object the user may see, else 404 (no hint that it exists)."""
    try:
        return load(*args)
    except NotFound:
        abort(404)
