"""Finding a case from the header's search box: a reference opens the case (or change, or
problem) directly; other text lists the title matches the user may open."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from servicedesk.domain.search import KINDS, Hit, search
from servicedesk.web.tickets.desk import bp
from servicedesk.web.util import int_arg, staff_required, user

# Where each kind of hit opens.
ENDPOINTS = {
    "ticket": ("desk.ticket_detail", "ticket_id"),
    "change": ("changes.change_detail", "change_id"),
    "problem": ("problems.problem_detail", "problem_id"),
}


def hit_url(hit: Hit) -> str:
    endpoint, arg = ENDPOINTS[hit.kind]
    return url_for(endpoint, **{arg: hit.id})


@bp.route("/find")
@staff_required
def find():
    kind = request.args.get("kind") or None
    result = search(
        user(), request.args.get("q", ""), kind if kind in KINDS else None, int_arg("page", 1) or 1
    )
    if result.direct is not None:
        return redirect(hit_url(result.direct))
    return render_template("tickets/desk/search.html", result=result, hit_url=hit_url)
