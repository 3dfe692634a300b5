"""The agent's queue list: filters, sorting and pages of tickets, on the desk blueprint."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template, request

from servicedesk.boundary.unit_of_work import now
from servicedesk.domain.catalog.lookup import service_choices
from servicedesk.domain.tickets.lifecycle import OPEN_STATUSES
from servicedesk.domain.tickets.lists import TicketFilter, list_tickets, user_queues
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Status, User
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.tickets.desk import bp
from servicedesk.web.util import int_arg, staff_required, user

STATUS_FILTERS = {
    "open": tuple(s.value for s in OPEN_STATUSES),
    "new": (Status.NEW.value,),
    "pending": (Status.PENDING.value,),
    "resolved": (Status.RESOLVED.value,),
    "closed": (Status.CLOSED.value,),
    "all": (),
}


def _filter_from_args(me: User) -> TicketFilter:
    args = request.args
    flt = TicketFilter(
        queue_id=int_arg("queue"),
        statuses=STATUS_FILTERS.get(args.get("status", "open"), STATUS_FILTERS["open"]),
        priority=int_arg("priority"),
        service_id=int_arg("service"),
        text=args.get("q", "")[:200],
        sort=args.get("sort", "due"),
    )
    assignee = args.get("assignee", "")
    if assignee == "me":
        flt.assignee_id = me.id
    elif assignee == "none":
        flt.unassigned = True
    sla = args.get("sla", "")
    if sla == "breached":
        flt.breached = True
    elif sla == "soon":
        flt.breaching_within = timedelta(hours=1)
    return flt


@bp.route("/tickets")
@staff_required
def ticket_list():
    me = user()
    flt = _filter_from_args(me)
    page = list_tickets(me, flt, page=int_arg("page", 1) or 1, per_page=25, now=now())
    queue = db.session.get(Queue, flt.queue_id) if flt.queue_id else None
    return render_template(
        "tickets/desk/ticket_list.html",
        page=page,
        queue=queue,
        queues=user_queues(me),
        services=service_choices(current_locale_code()),
        args=request.args,
        now=now(),
    )
