"""The components of the OpenAPI document: every area's schemas, and the bearer scheme.

Request bodies are validated against these same schemas (api/errors.py), so an area's
schemas module is the one place its JSON shapes are written down.
"""

from __future__ import annotations

from servicedesk.api.access.schemas import ACCESS_SCHEMAS
from servicedesk.api.catalog.schemas import CATALOG_SCHEMAS
from servicedesk.api.changes.schemas import CHANGE_SCHEMAS
from servicedesk.api.kb.schemas import KB_SCHEMAS
from servicedesk.api.notices.schemas import NOTICE_SCHEMAS
from servicedesk.api.records.schemas import RECORDS_SCHEMAS
from servicedesk.api.reports.schemas import REPORT_SCHEMAS
from servicedesk.api.search.schemas import SEARCH_SCHEMAS
from servicedesk.api.security.schemas import SECURITY_SCHEMAS
from servicedesk.api.spec import SHARED_SCHEMAS
from servicedesk.api.tickets.schemas import TICKET_SCHEMAS

COMPONENTS = {
    "schemas": {
        **SHARED_SCHEMAS,
        **CATALOG_SCHEMAS,
        **TICKET_SCHEMAS,
        **CHANGE_SCHEMAS,
        **REPORT_SCHEMAS,
        **SECURITY_SCHEMAS,
        **NOTICE_SCHEMAS,
        **KB_SCHEMAS,
        **ACCESS_SCHEMAS,
        **SEARCH_SCHEMAS,
        **RECORDS_SCHEMAS,
    },
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
}
