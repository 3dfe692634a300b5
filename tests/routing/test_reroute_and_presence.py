"""Re-routing after a service change (as a transfer with the reason), and the away toggle."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from servicedesk.domain.explanations import render, with_note
from servicedesk.domain.routing.rerouting import reroute_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import TicketHistory
from tests.desk_panel import panel_data


def _classify(client, auth, ticket, service, reroute: bool):
    token = auth.token(f"/desk/tickets/{ticket.id}")
    data = panel_data(ticket, token, service=service.id)
    if reroute:
        data["reroute"] = "y"
    return client.post(f"/desk/tickets/{ticket.id}/edit", data=data)


def test_changing_service_with_route_again_transfers_with_reason(client, auth, org, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    assert _classify(client, auth, ticket, org.school, reroute=True).status_code == 302
    db.session.expire_all()
    assert ticket.service == org.school and ticket.queue == org.buf_queue
    reason = "Skolplattformen ägs av Barn- och utbildningsförvaltningen → BUF support"
    route = {
        "code": "route_owned_service",
        "params": {
            "service": "Skolplattformen",
            "owner": "Barn- och utbildningsförvaltningen",
            "queue": "BUF support",
        },
    }
    rerouted = {"code": "rerouted", "params": {"route": route}}
    assert ticket.route_reason == ""  # nobody typed anything: all of it is the system's
    assert ticket.route_explanation == {
        "code": "transferred_because",
        "params": {
            "by": "Anders Agent",
            "from_queue": "Servicedesk",
            "to_queue": "BUF support",
            "why": rerouted,
        },
    }
    with force_locale("sv"):
        assert with_note(ticket.route_explanation, ticket.route_reason) == (
            f"Överlämnad av Anders Agent från Servicedesk till BUF support: Ny dirigering: {reason}"
        )
    with force_locale("en"):
        assert render(ticket.route_explanation).startswith(
            "Transferred by Anders Agent from Servicedesk to BUF support: New routing: "
        )
    moves = db.session.scalars(
        select(TicketHistory)
        .where(TicketHistory.ticket_id == ticket.id, TicketHistory.field == "queue")
        .order_by(TicketHistory.id)
    ).all()
    assert [(m.old_value, m.new_value) for m in moves][-1] == ("Servicedesk", "BUF support")
    assert moves[-1].note == "" and moves[-1].explanation == rerouted


def test_changing_service_without_the_checkbox_keeps_the_queue(client, auth, org, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    _classify(client, auth, ticket, org.school, reroute=False)
    db.session.expire_all()
    assert ticket.service == org.school and ticket.queue == org.central


def test_reroute_is_a_no_op_when_already_in_place(org, file_ticket, now):
    ticket = file_ticket(service=org.school)
    assert reroute_ticket(ticket, org.buf_agent, now=now) is False
    assert ticket.queue == org.buf_queue


def test_reroute_applies_auto_assignment_of_the_new_queue(org, file_ticket, now):
    org.buf_queue.auto_assign = "round_robin"
    ticket = file_ticket(service=org.email)
    ticket.service = org.school
    assert reroute_ticket(ticket, org.agent, now=now) is True
    assert ticket.assignee == org.buf_agent


def test_agent_marks_self_away_and_back_on_dashboard(client, auth, org):
    auth.login(org.agent)
    page = client.get("/desk/")
    assert "Mark me as away" in page.text or "Markera mig som borta" in page.text
    token = auth.token("/desk/")
    client.post("/desk/presence", data={"csrf_token": token})
    db.session.expire_all()
    assert org.agent.away is True
    client.post("/desk/presence", data={"csrf_token": token})
    db.session.expire_all()
    assert org.agent.away is False


def test_presence_needs_csrf_and_staff(client, auth, org):
    auth.login(org.agent)
    client.post("/desk/presence", data={})
    db.session.expire_all()
    assert org.agent.away is False
    client.post("/logout", data={"csrf_token": auth.token("/desk/")})
    auth.login(org.employee)
    assert (
        client.post("/desk/presence", data={"csrf_token": auth.token("/portal/")}).status_code
        == 403
    )
