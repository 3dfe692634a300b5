"""The records blueprint, its place in the menu and its access checks."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from servicedesk.domain.permissions import is_registrar
from servicedesk.models import Role
from servicedesk.web.nav import register_nav

bp = Blueprint("records", __name__, url_prefix="/records")


def _may_see_records(user) -> bool:
    """Registrars and admins; the check reads the database only for staff who are not
    admins (employees never see the entry)."""
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(Role.AGENT, Role.MANAGER) and is_registrar(user)


register_nav(
    "records.register",
    _l("Register"),
    visible=_may_see_records,
    blueprint="records",
    order=60,
)


@bp.before_request
@login_required
def require_staff():
    """Every records page: staff (each view checks the registrar or admin role)."""
    if not (current_user.has_role(Role.ADMIN) or current_user.has_role(Role.AGENT, Role.MANAGER)):
        abort(403)


def require_admin() -> None:
    if not current_user.has_role(Role.ADMIN):
        abort(403)
