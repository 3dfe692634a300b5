"""GET /api/v1/search?q=…&kind=…&service=…&status=…&page=…&per_page=…

The header box's search for any signed-in caller: the same `search()` as the page, so the
same visibility (an employee finds only their own cases, and never by an internal note).
Any text is a query (operators and quotes are words; past `MAX_QUERY` characters it is cut);
a parameter that is not one of the documented values is a 422.
"""

from __future__ import annotations

from flask import jsonify, request

from servicedesk.api.auth import api_user
from servicedesk.api.blueprint import bp
from servicedesk.api.params import (
    MAX_ID,
    PAGE_PARAMS,
    checked,
    choice_param,
    int_param,
    page_params,
    unknown_params,
)
from servicedesk.api.search.serializers import result_json
from servicedesk.domain.search import KINDS, Filters, search, status_values

SEARCH_PARAMS = PAGE_PARAMS | {"q", "kind", "service", "status"}


@bp.get("/search")
def search_everything():
    args, fields = request.args, {}
    unknown_params(args, SEARCH_PARAMS, fields)
    kind = choice_param(args, "kind", set(KINDS), fields)
    status = choice_param(args, "status", set(status_values()), fields)
    service_id = int_param(args, "service", 1, MAX_ID, fields)
    page, per_page = page_params(args, fields)
    checked(fields)
    filters = Filters(service_id=service_id, status=status)
    result = search(api_user(), args.get("q", ""), kind, page, per_page=per_page, filters=filters)
    return jsonify(result_json(result))
