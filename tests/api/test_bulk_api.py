"""POST /api/v1/tickets/bulk: the queue list's bulk action in the API. Each ticket is checked
for permission and version on its own and committed on its own; one result per ticket."""

from __future__ import annotations

from sqlalchemy import func, select

from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.infra.extensions import db
from servicedesk.models import Status, Ticket, TicketHistory, TicketTag


def _fresh(ticket: Ticket) -> Ticket:
    db.session.expire_all()
    return db.session.get(Ticket, ticket.id)


def _row(ticket: Ticket, reference: str | None = None) -> dict:
    return {"reference": reference or ticket.reference, "version": ticket.version}


def test_claim_with_one_stale_and_one_hidden_ticket(org, api_as, file_ticket, now, conforms):
    a, b, c = (file_ticket(service=org.email, title=f"Fall {i}") for i in range(3))
    hidden = file_ticket(service=org.care, requester=org.other_employee)  # not the agent's
    db.session.commit()
    rows = [_row(a, a.reference.lower()), _row(b), _row(c, str(c.id)), _row(hidden)]
    ticket_domain.change_status(b, org.admin, Status.OPEN, now=now)  # b changes after
    db.session.commit()

    response = api_as(org.agent).post("/tickets/bulk", json={"action": "claim", "tickets": rows})

    assert response.status_code == 200
    body = conforms(response, "TicketBulkResult")
    assert (body["done"], body["refused"]) == (2, 2)
    by_ticket = {r["ticket"]: r for r in body["results"]}
    assert [r["ticket"] for r in body["results"]] == [r["reference"] for r in rows]
    assert by_ticket[a.reference.lower()] == {
        "ticket": a.reference.lower(),
        "reference": a.reference,
        "done": True,
        "code": None,
        "message": "",
    }
    assert by_ticket[b.reference]["code"] == "stale_version"
    assert by_ticket[hidden.reference]["code"] == "not_found"
    assert by_ticket[hidden.reference]["reference"] is None  # nothing told about it
    assert _fresh(a).assignee_id == org.agent.id and _fresh(c).assignee_id == org.agent.id
    assert _fresh(b).assignee_id is None and _fresh(hidden).assignee_id is None


def test_transfer_tag_and_status_through_the_domain(org, api_as, file_ticket):
    a = file_ticket(service=org.email)
    b = file_ticket(service=org.email)
    db.session.commit()
    api = api_as(org.agent)

    tagged = api.post(
        "/tickets/bulk", json={"action": "tag", "tag": "Skrivare", "tickets": [_row(a)]}
    )
    assert tagged.get_json()["done"] == 1
    assert db.session.scalars(select(TicketTag.tag).where(TicketTag.ticket_id == a.id)).all() == [
        "skrivare"
    ]

    waiting = api.post(
        "/tickets/bulk",
        json={
            "action": "status",
            "status": "pending",
            "pending_reason": "supplier",
            "tickets": [_row(_fresh(a)), _row(b)],
        },
    )
    assert waiting.get_json()["done"] == 2
    assert (_fresh(b).status, _fresh(b).pending_reason) == ("pending", "supplier")

    moved = api.post(
        "/tickets/bulk",
        json={
            "action": "transfer",
            "queue": org.buf_queue.id,
            "reason": "Gäller skolans skrivare",
            "tickets": [_row(_fresh(b))],
        },
    )
    assert moved.get_json()["done"] == 1
    assert _fresh(b).queue_id == org.buf_queue.id
    note = db.session.scalar(
        select(TicketHistory.note).where(
            TicketHistory.ticket_id == b.id,
            TicketHistory.field == "queue",
            TicketHistory.new_value == org.buf_queue.name,
        )
    )
    assert note == "Gäller skolans skrivare"


def test_an_incomplete_action_or_bad_body_changes_nothing(org, api_as, file_ticket):
    a = file_ticket(service=org.email)
    db.session.commit()
    api = api_as(org.agent)
    before = db.session.scalar(select(func.count()).select_from(TicketHistory))

    no_reason = api.post(
        "/tickets/bulk",
        json={"action": "transfer", "queue": org.buf_queue.id, "tickets": [_row(a)]},
    )
    assert no_reason.status_code == 422
    assert no_reason.get_json()["error"]["fields"]["reason"]

    no_status = api.post("/tickets/bulk", json={"action": "status", "tickets": [_row(a)]})
    assert no_status.status_code == 422 and "status" in no_status.get_json()["error"]["fields"]

    bad_ref = api.post(
        "/tickets/bulk", json={"action": "claim", "tickets": [_row(a), _row(a, "CHG-12")]}
    )
    assert bad_ref.status_code == 422 and "tickets" in bad_ref.get_json()["error"]["fields"]

    empty = api.post("/tickets/bulk", json={"action": "claim", "tickets": []})
    assert empty.status_code == 422

    resolve = api.post(
        "/tickets/bulk", json={"action": "status", "status": "resolved", "tickets": [_row(a)]}
    )
    assert resolve.status_code == 422  # resolving needs a solution per case: not in bulk

    assert db.session.scalar(select(func.count()).select_from(TicketHistory)) == before
    assert _fresh(a).assignee_id is None


def test_an_employee_may_not_bulk_change_even_their_own_cases(org, api_as, file_ticket):
    own = file_ticket(service=org.email)  # the employee's own case
    db.session.commit()
    response = api_as(org.employee).post(
        "/tickets/bulk", json={"action": "tag", "tag": "x", "tickets": [_row(own)]}
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert db.session.scalars(select(TicketTag).where(TicketTag.ticket_id == own.id)).all() == []


def test_a_prefix_of_another_type_is_not_the_case(org, api_as, file_ticket):
    incident = file_ticket(service=org.email)
    db.session.commit()
    as_request = f"REQ-{incident.id:06d}"
    body = (
        api_as(org.agent)
        .post("/tickets/bulk", json={"action": "claim", "tickets": [_row(incident, as_request)]})
        .get_json()
    )
    assert body["done"] == 0 and body["results"][0]["code"] == "not_found"
    assert _fresh(incident).assignee_id is None
