"""Tickets: file, list with filters and pages, read, and change through the domain."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_babel import gettext as _

from servicedesk.api.auth import api_user
from servicedesk.api.blueprint import bp
from servicedesk.api.errors import invalid, json_body
from servicedesk.api.params import choice_param, int_param
from servicedesk.api.tickets.imports import create_ticket_from
from servicedesk.api.tickets.serializers import ticket_json, tickets_json
from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.catalog.lookup import get_active_service
from servicedesk.domain.errors import PermissionDenied
from servicedesk.domain.permissions import no_such_ticket, require_agent
from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.domain.tickets.bulk import BulkAction, bulk_update, selection_by_reference
from servicedesk.domain.tickets.lists import MAX_PER_PAGE, SORTS, TicketFilter, find_by_reference
from servicedesk.domain.tickets.lists import list_tickets as list_visible
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Status, Ticket, TicketType, User

STATUS_FILTERS = {
    **{s.value: (s.value,) for s in Status},
    "open": tuple(s.value for s in ticket_domain.OPEN_STATUSES),
    "all": (),
}
LIST_PARAMS = {"queue", "status", "priority", "service", "assignee", "q", "breached", "sort"}
LIST_PARAMS |= {"page", "per_page", "type"}
TYPES = {t.value for t in TicketType}


def load_ticket(reference: str) -> Ticket:
    """A ticket the caller may see, else 404: the same answer as for one that does not exist."""
    ticket = find_by_reference(api_user(), reference)
    if ticket is None:
        raise no_such_ticket()
    return ticket


def _assignee_param(args, me: User, flt: TicketFilter, fields: dict) -> None:
    raw = args.get("assignee")
    if raw is None:
        return
    if raw == "me":
        flt.assignee_id = me.id
    elif raw == "none":
        flt.unassigned = True
    elif raw.isascii() and raw.isdigit() and len(raw) < 10:
        flt.assignee_id = int(raw)
    else:
        fields["assignee"] = [_("Give a user id, me or none.")]


def _filter_from_query(me: User) -> tuple[TicketFilter, int, int]:
    args = request.args
    fields: dict[str, list[str]] = {}
    for name in set(args) - LIST_PARAMS:
        fields[name] = [_("Unknown field.")]
    if "\x00" in args.get("q", ""):
        fields["q"] = [_("The value is not valid.")]
    big = 2**31 - 1
    flt = TicketFilter(
        queue_id=int_param(args, "queue", 1, big, fields),
        priority=int_param(args, "priority", 1, 4, fields),
        service_id=int_param(args, "service", 1, big, fields),
        text=args.get("q", "")[:200],
        sort=choice_param(args, "sort", SORTS, fields) or "due",
    )
    status = choice_param(args, "status", STATUS_FILTERS, fields) or "all"
    flt.statuses = STATUS_FILTERS.get(status, ())
    flt.breached = choice_param(args, "breached", {"true", "false"}, fields) == "true"
    ticket_type = choice_param(args, "type", TYPES, fields)
    if ticket_type:
        flt.extra.append(Ticket.type == ticket_type)
    _assignee_param(args, me, flt, fields)
    page = int_param(args, "page", 1, 100_000, fields) or 1
    per_page = int_param(args, "per_page", 1, MAX_PER_PAGE, fields) or 25
    if fields:
        raise invalid(fields)
    return flt, page, per_page


@bp.get("/tickets")
def list_tickets():
    me = api_user()
    flt, page_no, per_page = _filter_from_query(me)
    at = now()
    page = list_visible(me, flt, page=page_no, per_page=per_page, now=at)
    return jsonify(
        {
            "items": tickets_json(page.items, at),
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
            "pages": page.pages,
        }
    )


@bp.post("/tickets")
def create_ticket():
    data = json_body("TicketCreate")
    me = api_user()
    # Serialised inside the unit of work, from the rows just written: nothing is read back
    # after the commit.
    body = commit_or_error(lambda: ticket_json(create_ticket_from(me, data, now=now()), now()))
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_ticket", reference=body["reference"])
    return response


@bp.get("/tickets/<reference>")
def get_ticket(reference: str):
    return jsonify(ticket_json(load_ticket(reference), now()))


def _queue(queue_id: int) -> Queue:
    queue = db.session.get(Queue, queue_id)
    if queue is None:
        raise invalid({"queue": [_("No such queue.")]})
    return queue


def _assignee(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None:
        raise invalid({"assignee": [_("No such user.")]})
    return user


def _service(data: dict):
    service_id = data.get("service")
    service = get_active_service(service_id)
    if service_id is not None and service is None:
        raise invalid({"service": [_("No such active service.")]})
    return service


def apply_update(ticket: Ticket, me: User, data: dict, *, now) -> None:
    """One PATCH as one unit of work, each change through its domain function, in the order
    classification, status, transfer, assignee."""
    require_agent(me, ticket)
    ticket_domain.check_version(ticket, data.get("version"))
    if "pending_reason" in data and "status" not in data:
        raise invalid({"status": [_("Give the status together with pending_reason.")]})
    if ("solution" in data or "closure_code" in data) and data.get("status") != "resolved":
        raise invalid({"status": [_("A solution and closure code go with status resolved.")]})
    if "queue" in data and "reason" not in data:
        raise invalid({"reason": [_("This field is required.")]})
    classify = {k: data[k] for k in ("impact", "urgency", "title") if k in data}
    if classify or "service" in data:
        ticket_domain.update_ticket(
            ticket,
            me,
            service=_service(data),
            service_given="service" in data,
            now=now,
            **classify,
        )
    if "status" in data:
        ticket_domain.change_status(
            ticket,
            me,
            data["status"],
            pending_reason=data.get("pending_reason"),
            solution=data.get("solution"),
            closure_code=data.get("closure_code"),
            now=now,
        )
    # A transfer clears the assignee, so an assignee in the same PATCH is applied after it.
    if "queue" in data:
        ticket_domain.transfer_ticket(
            ticket, me, _queue(data["queue"]), reason=data["reason"], now=now
        )
    if "assignee" in data:
        ticket_domain.assign_ticket(ticket, me, _assignee(data["assignee"]), now=now)


@bp.patch("/tickets/<reference>")
def update_ticket(reference: str):
    ticket = load_ticket(reference)
    data = json_body("TicketUpdate")
    if "reason" in data and "queue" not in data:
        raise invalid({"queue": [_("A reason is only used with a transfer to a queue.")]})
    commit_or_error(lambda: apply_update(ticket, api_user(), data, now=now()))
    return jsonify(ticket_json(ticket, now()))


def _bulk_status(data: dict) -> str:
    """The API's status and pending_reason as the bulk action's status choice."""
    if data.get("status") == "pending":
        return f"pending:{data.get('pending_reason', '')}"
    if "pending_reason" in data:
        raise invalid({"pending_reason": [_("A pending reason goes with status pending.")]})
    return data.get("status", "")


@bp.post("/tickets/bulk")
def bulk_tickets():
    """The queue list's bulk action: each ticket in its own unit of work, one result each."""
    data = json_body("TicketBulk")
    me = api_user()
    if not me.is_staff:
        raise PermissionDenied(_("Only staff may change several tickets at once."))
    selection = selection_by_reference([(t["reference"], t["version"]) for t in data["tickets"]])
    action = BulkAction(
        data["action"],
        assignee=_assignee(data.get("assignee")),
        status=_bulk_status(data),
        queue=_queue(data["queue"]) if "queue" in data else None,
        reason=data.get("reason", ""),
        tag=data.get("tag", ""),
    )
    result = bulk_update(me, selection, action, now=now(), unit_of_work=commit_or_error)
    return jsonify(
        {
            "done": len(result.done),
            "refused": len(result.refused),
            "results": [
                {
                    "ticket": o.typed,
                    "reference": o.reference,
                    "done": o.done,
                    "code": o.code or None,
                    "message": o.message,
                }
                for o in result.outcomes
            ],
        }
    )
