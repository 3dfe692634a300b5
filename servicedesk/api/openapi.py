"""GET /api/v1/openapi.json: the OpenAPI 3.1 description of what the API really does.

Gathered from each area's paths and schemas (api/<area>/paths.py, schemas.py), the same
schemas the API validates its request bodies with; the test suite validates real responses
against it and runs schemathesis over it.
"""

from __future__ import annotations

from flask import jsonify

from servicedesk.api.access.paths import access_paths
from servicedesk.api.blueprint import bp
from servicedesk.api.catalog.paths import catalog_paths
from servicedesk.api.changes.paths import change_paths, problem_paths
from servicedesk.api.components import COMPONENTS
from servicedesk.api.kb.paths import kb_paths
from servicedesk.api.notices.paths import notice_paths
from servicedesk.api.records.paths import records_paths
from servicedesk.api.reports.paths import report_paths
from servicedesk.api.search.paths import search_paths
from servicedesk.api.security.paths import security_paths
from servicedesk.api.tickets.paths import ticket_paths


def build_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Servicedesk API",
            "version": "1.0.0",
            "description": (
                "Tickets, their conversation, files, history and SLA timers; change "
                "requests, problem records, the SLA report and knowledge base articles."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            **catalog_paths(),
            **ticket_paths(),
            **change_paths(),
            **problem_paths(),
            **report_paths(),
            **security_paths(),
            **notice_paths(),
            **kb_paths(),
            **access_paths(),
            **search_paths(),
            **records_paths(),
        },
        "components": COMPONENTS,
    }


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(build_document())
