"""Finding 5 on the API and the web: a confidential case is not moved where its holders
may not see it, and a service change takes it to the service's own queue."""

from __future__ import annotations

from servicedesk.infra.extensions import db
from tests.desk_panel import panel_data


def test_api_refuses_to_transfer_a_confidential_case_to_the_central_desk(api_as, org, file_ticket):
    ticket = file_ticket(requester=org.other_employee, service=org.care, title="Journal")
    answer = api_as(org.soc_agent).patch(
        f"/tickets/{ticket.reference}", json={"queue": org.central.id, "reason": "Fel kö"}
    )
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["code"] == "holder_cannot_see"
    assert "queue" in error["fields"]
    db.session.expire_all()
    assert ticket.queue_id == org.soc_queue.id
    # the central desk's agents still cannot open it, and nothing is theirs to act on
    assert api_as(org.agent).get(f"/tickets/{ticket.reference}").status_code == 404


def test_api_refuses_an_outsider_as_assignee(api_as, org, file_ticket):
    ticket = file_ticket(requester=org.other_employee, service=org.care)
    answer = api_as(org.soc_agent).patch(
        f"/tickets/{ticket.reference}", json={"assignee": org.agent.id}
    )
    assert answer.status_code == 422
    assert answer.get_json()["error"]["code"] == "holder_cannot_see"
    db.session.expire_all()
    assert ticket.assignee_id is None


def test_api_service_change_to_confidential_moves_the_case_to_its_queue(api_as, org, file_ticket):
    ticket = file_ticket(service=org.email)
    me = api_as(org.agent)
    assert (
        me.patch(f"/tickets/{ticket.reference}", json={"assignee": org.agent.id}).status_code == 200
    )
    answer = me.patch(f"/tickets/{ticket.reference}", json={"service": org.care.id})
    assert answer.status_code == 200
    db.session.expire_all()
    assert ticket.queue_id == org.soc_queue.id and ticket.assignee_id is None
    assert api_as(org.soc_agent).get(f"/tickets/{ticket.reference}").status_code == 200


def test_web_transfer_of_a_confidential_case_is_refused_with_the_reason(
    client, auth, org, file_ticket
):
    ticket = file_ticket(requester=org.other_employee, service=org.care)
    auth.login(org.soc_agent)
    page = f"/desk/tickets/{ticket.id}"
    data = panel_data(ticket, auth.token(page), queue=org.central.id, transfer_reason="Fel kö")
    answer = client.post(f"{page}/edit", data=data)
    assert answer.status_code == 422
    assert "sekretessklassad" in answer.text.split('id="queue-err"')[1][:400]  # by the field
    db.session.expire_all()
    assert ticket.queue_id == org.soc_queue.id


def test_desk_service_change_to_confidential_hands_the_case_over(client, auth, org, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    page = f"/desk/tickets/{ticket.id}"
    data = panel_data(ticket, auth.token(page), service=org.care.id, reroute="y")
    answer = client.post(f"{page}/edit", data=data)
    # back to the list: the case now sits with the care system's queue, out of sight
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/desk/tickets")
    db.session.expire_all()
    assert ticket.queue_id == org.soc_queue.id and ticket.service_id == org.care.id
