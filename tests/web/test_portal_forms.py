"""The requester's ticket page builds only the forms its status lets them use."""

from __future__ import annotations

from servicedesk.domain.tickets.lifecycle import change_status, confirm_resolution
from servicedesk.infra.extensions import db
from tests.resolving import resolve


def _page(client, ticket) -> str:
    response = client.get(f"/portal/tickets/{ticket.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_forms_follow_the_status(app, client, auth, org, file_ticket, now):
    ticket = file_ticket(title="Skrivaren")
    auth.login(org.employee)
    open_page = _page(client, ticket)
    assert 'name="body"' in open_page  # reply
    assert 'name="reason"' not in open_page  # no reopen before it is resolved
    assert f"/portal/tickets/{ticket.id}/resolution" not in open_page

    change_status(ticket, org.agent, "open", now=now)
    resolve(ticket, org.agent, now=now)
    db.session.commit()
    resolved = _page(client, ticket)
    assert 'name="reason"' in resolved
    assert f"/portal/tickets/{ticket.id}/resolution" in resolved
    assert 'name="body"' in resolved

    confirm_resolution(ticket, org.employee, now=now)
    db.session.commit()
    closed = _page(client, ticket)
    assert 'name="body"' not in closed
    assert 'name="reason"' not in closed
