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


def test_the_task_case_is_the_care_queue_s_on_every_path(access, approved):
    from servicedesk.domain.permissions import can_view_ticket, ticket_visibility
    from servicedesk.models import Ticket

    org = access.org
    _request, task = approved()
    ticket = task.ticket

    def paths(who) -> tuple[bool, bool, bool]:
        """The ticket page's rule, search by its number, and the lists' SQL condition."""
        listed = select(Ticket.id).where(ticket_visibility(who), Ticket.id == ticket.id)
        return (
            can_view_ticket(who, ticket),
            search(who, ticket.reference).total > 0,
            db.session.scalar(listed) == ticket.id,
        )

    for who in (org.soc_agent, access.administrator, org.admin):
        assert paths(who) == (True, True, True), who.name
    # Not the person nor the central desk: the care system is confidential.
    for who in (org.other_employee, org.employee, org.agent, org.buf_agent, access.manager):
        assert paths(who) == (False, False, False), who.name
    mailed = db.session.scalars(
        select(OutboxMessage.to_address).where(OutboxMessage.ticket_id == ticket.id)
    ).all()
    assert set(mailed) <= {access.administrator.email, org.soc_agent.email}
