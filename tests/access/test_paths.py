"""Who sees an access request, on every path: the page, the API and its lists (in
test_web / test_api), search by its BEH number, and the mail it sends."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.domain.access import requests
from servicedesk.domain.search.query import search
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage


def test_search_by_beh_number_follows_who_may_see_the_case(access, ask):
    request = ask()
    org = access.org
    for who in (org.other_employee, org.soc_agent, org.admin):
        found = search(who, request.reference)
        assert found.direct is not None and found.direct.reference == request.reference
    for who in (org.employee, org.agent, org.buf_agent):  # the care system is confidential
        found = search(who, request.reference)
        assert found.direct is None and found.total == 0, who.name


def test_mail_goes_to_the_parties_and_the_deciders_only(access, ask, now):
    org = access.org
    request = ask()
    requests.decide(request, access.manager, "approved", reason="ja", now=now)
    requests.decide(request, access.administrator, "rejected", reason="nej", now=now)
    db.session.commit()
    sent = {
        (m.kind, m.to_address)
        for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind.like("access%")))
    }
    assert sent == {
        ("access_approval", access.manager.email),
        ("access_approval", access.administrator.email),
        ("access_decision", org.other_employee.email),
    }
    # The case's own mail (the resolved case) goes to its requester alone.
    to = set(
        db.session.scalars(
            select(OutboxMessage.to_address).where(OutboxMessage.ticket_id == request.ticket_id)
        )
    )
    assert to <= {org.other_employee.email}


def test_the_task_case_is_the_care_queue_s_on_every_path(access, ask, now):
    from servicedesk.domain.permissions import can_view_ticket, ticket_visibility
    from servicedesk.models import AccessTask, Ticket

    org = access.org
    request = ask()
    requests.decide(request, access.manager, "approved", reason="ja", now=now)
    requests.decide(request, access.administrator, "approved", reason="ok", now=now)
    db.session.commit()
    ticket = db.session.scalar(select(AccessTask)).ticket
    for who in (org.soc_agent, access.administrator, org.admin):
        assert can_view_ticket(who, ticket), who.name
        assert search(who, ticket.reference).direct.reference == ticket.reference
        listed = select(Ticket.id).where(ticket_visibility(who), Ticket.id == ticket.id)
        assert db.session.scalar(listed) == ticket.id
    # Not the person nor the central desk: the care system is confidential.
    for who in (org.other_employee, org.employee, org.agent, org.buf_agent, access.manager):
        assert not can_view_ticket(who, ticket), who.name
        assert search(who, ticket.reference).total == 0
        listed = select(Ticket.id).where(ticket_visibility(who), Ticket.id == ticket.id)
        assert db.session.scalar(listed) is None
    mailed = db.session.scalars(
        select(OutboxMessage.to_address).where(OutboxMessage.ticket_id == ticket.id)
    ).all()
    assert set(mailed) <= {access.administrator.email, org.soc_agent.email}
