"""REST API v1: JSON over the same domain functions as the pages, authenticated by token.

One package per area (tickets, catalog, changes, reports), each with its routes, the JSON
it answers (serializers), the JSON Schemas of its bodies and answers, and its OpenAPI paths.
Importing this package registers every area's routes on `bp` (api/blueprint.py).
"""

from __future__ import annotations

from servicedesk.api import openapi  # noqa: F401
from servicedesk.api.access import routes as access_routes  # noqa: F401
from servicedesk.api.blueprint import bp
from servicedesk.api.catalog import routes as catalog_routes  # noqa: F401
from servicedesk.api.changes import problems as problem_routes  # noqa: F401
from servicedesk.api.changes import routes as change_routes  # noqa: F401
from servicedesk.api.kb import routes as kb_routes  # noqa: F401
from servicedesk.api.notices import routes as notice_routes  # noqa: F401
from servicedesk.api.records import routes as records_routes  # noqa: F401
from servicedesk.api.reports import routes as report_routes  # noqa: F401
from servicedesk.api.search import routes as search_routes  # noqa: F401
from servicedesk.api.security import routes as security_routes  # noqa: F401
from servicedesk.api.tickets import conversation as conversation_routes  # noqa: F401
from servicedesk.api.tickets import routes as ticket_routes  # noqa: F401

__all__ = ["bp"]
