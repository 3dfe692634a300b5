"""The changes blueprint and what its pages share (the service picker)."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import Service
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.nav import register_nav

bp = Blueprint("changes", __name__, url_prefix="/changes")
register_nav(
    "changes.change_list",
    _l("Changes"),
    visible=lambda u: u.is_staff,
    blueprint="changes",
    order=40,
)


def service_choices() -> list[tuple[int, str]]:
    locale = current_locale_code()
    rows = db.session.scalars(select(Service).where(Service.active).order_by(Service.name_sv))
    return [(s.id, s.name_for(locale)) for s in rows]
