"""Finding a case from the header's search box: a reference opens the case (or change, or
problem) directly; other text lists the full-text matches the user may open, grouped by
kind, filtered by kind, service and status."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from servicedesk.domain.catalog.lookup import service_choices
from servicedesk.domain.search import KINDS, Filters, Hit, search, status_choices, status_values
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.tickets.desk import bp
from servicedesk.web.util import int_arg, staff_required, user

# Where each kind of hit opens.
ENDPOINTS = {
    "ticket": ("desk.ticket_detail", "ticket_id"),
    "change": ("changes.change_detail", "change_id"),
    "problem": ("problems.problem_detail", "problem_id"),
    "article": ("kb.article_detail", "article_id"),
}


def hit_url(hit: Hit) -> str:
    endpoint, arg = ENDPOINTS[hit.kind]
    return url_for(endpoint, **{arg: hit.id})


@bp.route("/find")
@staff_required
def find():
    # A filter value that is not one of the form's options (an edited address) is no filter.
    kind = request.args.get("kind") or None
    status = request.args.get("status") or None
    filters = Filters(
        service_id=int_arg("service"), status=status if status in status_values() else None
    )
    result = search(
        user(),
        request.args.get("q", ""),
        kind if kind in KINDS else None,
        int_arg("page", 1) or 1,
        filters=filters,
    )
    if result.direct is not None:
        return redirect(hit_url(result.direct))
    return render_template(
        "tickets/desk/search.html",
        result=result,
        hit_url=hit_url,
        kinds=KINDS,
        services=service_choices(current_locale_code()),
        statuses=status_choices(),
    )
