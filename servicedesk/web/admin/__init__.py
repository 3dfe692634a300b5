"""The admin area: catalog, queues, units, users, routing rules, CSV and the audit log.

Admins only; everyone else gets 403. Each module registers its views on the one blueprint.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from servicedesk.models import Role
from servicedesk.web.admin.common import bp
from servicedesk.web.nav import register_nav, register_nav_group

register_nav(
    "admin.services",
    _l("Services, queues and users"),
    visible=lambda u: u.has_role(Role.ADMIN),
    blueprint="admin",
    order=70,
    group="admin",
)
register_nav_group("admin", _l("Admin"), order=90)

# Imported for their routes on `bp`.
from servicedesk.web.admin import (  # noqa: E402, F401
    access,
    answers,
    audit,
    catalog_csv,
    queues,
    rules,
    security,
    services,
    units,
    users,
)

__all__ = ["bp"]
