"""One rule on every path: a security incident is seen by the security queue's members, the
security role and admins, and by its reporter (their own report and its public replies) —
never by another agent or manager: not in a list, a count, the dashboard, the header search,
a report figure, drill-down or CSV, the API, or a mail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from servicedesk.domain.errors import NotFound, ValidationError
from servicedesk.domain.identity.api_tokens import create_token
from servicedesk.domain.permissions import (
    can_view_ticket,
    get_visible_ticket,
    is_agent_for,
    ticket_visibility,
)
from servicedesk.domain.reports import scope_for
from servicedesk.domain.reports.drill import DrillSpec, drill_down
from servicedesk.domain.reports.period import days
from servicedesk.domain.search import search
from servicedesk.domain.sla.watcher import tick
from servicedesk.domain.tickets.lifecycle import add_comment, assign_ticket, transfer_ticket
from servicedesk.domain.tickets.lists import TicketFilter, list_tickets, queue_counts
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage, Ticket
from tests.api.conftest import Api


@pytest.fixture
def world(org, sec, report, make_user, now):
    ticket = report()
    add_comment(ticket, sec.coordinator, "Vi tittar på det.", internal=False, now=now)
    add_comment(ticket, sec.coordinator, "Intern: IMY-anmälan trolig.", internal=True, now=now)
    db.session.commit()
    org.manager = make_user("Ingrid IT-chef", {"manager"}, org.it)
    db.session.commit()
    return ticket


def _outsiders(org):
    return [org.agent, org.buf_agent, org.care.administrator, org.manager, org.other_employee]


def _insiders(org, sec):
    return [sec.coordinator, sec.officer, org.admin, org.employee]  # employee: the reporter


def test_the_one_rule_on_single_lookups_lists_counts_and_search(org, sec, world, now):
    ticket = world
    for person in _insiders(org, sec):
        assert can_view_ticket(person, ticket), person.name
        assert get_visible_ticket(person, ticket.id).id == ticket.id
    for person in _outsiders(org):
        assert not can_view_ticket(person, ticket), person.name
        with pytest.raises(NotFound):
            get_visible_ticket(person, ticket.id)
        everything = TicketFilter(statuses=())
        listed = list_tickets(person, everything, per_page=100, now=now).items
        assert ticket.id not in {t.id for t in listed}
        found = search(person, ticket.reference)
        assert found.direct is None and found.total == 0
        assert not search(person, "elevlista").total
    # The handlers work it; the reporter and the admin-less officer see it
    assert is_agent_for(sec.coordinator, ticket) and is_agent_for(sec.officer, ticket)
    assert not is_agent_for(org.employee, ticket) and not is_agent_for(org.agent, ticket)
    # the search finds it straight away for the security group
    assert search(sec.coordinator, ticket.reference).direct.id == ticket.id
    # a count over everything an outsider sees leaves it out
    counted = db.session.scalar(
        select(db.func.count()).select_from(Ticket).where(ticket_visibility(org.agent))
    )
    assert counted == 0
    # the security queue's counts are its members' own; the central queue holds none
    counts = queue_counts(sec.coordinator, [sec.queue, org.central], now=now)
    assert counts[sec.queue.id]["open"] == 1 and counts[org.central.id]["open"] == 0


def test_it_never_leaves_the_security_queue_nor_goes_to_an_outsider(org, sec, world, now):
    ticket = world
    with pytest.raises(ValidationError) as err:
        transfer_ticket(ticket, sec.coordinator, org.central, reason="fel kö", now=now)
    assert err.value.field == "queue"
    with pytest.raises(ValidationError) as err:
        assign_ticket(ticket, sec.coordinator, org.agent, now=now)
    assert err.value.field == "assignee"
    db.session.rollback()
    assert ticket.queue_id == sec.queue.id and ticket.assignee_id is None


def test_report_figures_and_drill_downs_leave_it_out(org, sec, world, now):
    period = days(date(2026, 11, 1), date(2026, 11, 30))
    for manager, sees in ((org.manager, False), (org.admin, True)):
        result = drill_down(manager, scope_for(manager), period, DrillSpec("incoming"), now=now)
        listed = {t.id for t in result.tickets}
        assert (world.id in listed) is sees
        assert result.counted == len(listed)  # the figure is what the list shows


def test_pages_and_the_api(app, org, sec, world, auth, client, now):
    ticket = world
    auth.login(org.agent)
    assert client.get(f"/desk/tickets/{ticket.id}").status_code == 404
    assert client.get(f"/portal/tickets/{ticket.id}").status_code == 404
    for query in (ticket.reference, "elevlista"):
        page = client.get("/desk/find", query_string={"q": query})
        assert page.status_code == 200 and ticket.title not in page.text
    queue_page = client.get("/desk/tickets", query_string={"status": "all"})
    assert queue_page.status_code == 200 and ticket.reference not in queue_page.text
    dashboard = client.get("/desk/")
    assert "Informationssäkerhet" not in dashboard.text

    def api(user) -> Api:
        _token, secret = create_token(user, name="t", now=now)
        db.session.commit()
        return Api(app, secret)

    outsider = api(org.agent)
    assert outsider.get(f"/tickets/{ticket.reference}").status_code == 404
    listed = outsider.get("/tickets", query_string={"type": "security", "status": "all"})
    assert listed.status_code == 200 and listed.get_json()["total"] == 0
    assert outsider.get(f"/tickets/{ticket.reference}/security").status_code == 404

    handler = api(sec.coordinator)
    listed = handler.get("/tickets", query_string={"type": "security", "status": "all"}).get_json()
    assert [t["reference"] for t in listed["items"]] == [ticket.reference]
    kinds = {t["kind"] for t in listed["items"][0]["sla"]}
    assert "gdpr_breach" in kinds and "first_response" in kinds
    # the reporter reads their own report and its public reply, never the internal note
    reporter = api(org.employee)
    own = reporter.get(f"/tickets/{ticket.reference}/comments")
    bodies = [c["body"] for c in own.get_json()["items"]]
    assert "Vi tittar på det." in bodies and not any("Intern" in b for b in bodies)
    assert reporter.get(f"/tickets/{ticket.reference}/security").status_code == 403


def test_mail_reaches_nobody_outside(org, sec, world, now):
    ticket = world
    add_comment(ticket, org.employee, "Mottagaren har raderat mejlet.", now=now)
    tick(now=now + timedelta(hours=80))  # warnings and the IMY breach: escalation mail
    db.session.commit()
    allowed = {p.id for p in _insiders(org, sec)}
    recipients = set(db.session.scalars(select(OutboxMessage.recipient_id)))
    assert recipients and recipients <= allowed, recipients - allowed
    assert sec.coordinator.id in recipients  # the queue lead hears of the breach


def test_the_paths_added_since_search_api_major_incidents_and_articles(
    app, org, sec, world, file_ticket, now
):
    """The search API, the major incidents (declare, link, the desk's list, the children)
    and an article drafted from a solution: none of them lets a security incident out."""
    from servicedesk.domain.errors import PermissionDenied
    from servicedesk.domain.kb.tickets import draft_from_ticket
    from servicedesk.domain.major import incidents as major_domain
    from servicedesk.models import Article
    from tests.resolving import resolve

    ticket = world
    _token, secret = create_token(org.agent, name="t", now=now)
    db.session.commit()
    outsider = Api(app, secret)
    for query in (ticket.reference, "elevlista", str(ticket.id)):
        found = outsider.get("/search", query_string={"q": query}).get_json()
        assert found["total"] == 0 and not found.get("direct"), (query, found)

    outage = file_ticket(org.other_employee, title="Mejlen fastnar", now=now)
    major = major_domain.declare_major(outage, org.agent, now=now)
    db.session.commit()
    with pytest.raises(PermissionDenied):  # the agent cannot even name it
        major_domain.link_child(major, ticket, org.agent, now=now)
    with pytest.raises(ValidationError) as err:  # nor can the typed number find it
        major_domain.resolve_child_reference(org.agent, ticket.reference)
    assert err.value.code == "not_found"
    for insider in (org.admin, sec.coordinator):  # not an incident: never a child or major
        with pytest.raises((ValidationError, PermissionDenied)):
            major_domain.link_child(major, ticket, insider, now=now)
    with pytest.raises(ValidationError) as err:
        major_domain.declare_major(ticket, sec.coordinator, now=now)
    assert err.value.code == "not_incident"
    db.session.rollback()
    assert major_domain.parent_of(ticket) is None and major_domain.major_of(ticket) is None
    assert [t.id for t in major_domain.children(major, org.agent)] == []
    assert ticket.id not in {m.ticket_id for m in major_domain.open_majors(org.agent)}

    resolve(ticket, sec.coordinator, now=now, solution="Listan återkallad, IMY underrättad.")
    db.session.commit()
    with pytest.raises(PermissionDenied):
        draft_from_ticket(ticket, org.agent, now=now)
    with pytest.raises(ValidationError) as err:  # an article is read beyond the group
        draft_from_ticket(ticket, sec.coordinator, now=now)
    assert err.value.code == "security_incident"
    db.session.rollback()
    assert db.session.scalar(select(db.func.count(Article.id))) == 0
