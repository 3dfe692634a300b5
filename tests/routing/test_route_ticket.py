"""Routing on the real database: rules loaded in order, reasons stored, tags and assignees."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.domain.routing.engine import CaseFacts, RuleSpec
from servicedesk.domain.routing.router import preview_route, route_by_catalog
from servicedesk.infra.extensions import db
from servicedesk.models import TicketHistory, TicketTag
from tests.explained import route_reason, swedish


def _history(ticket, field):
    return db.session.scalars(
        select(TicketHistory).where(
            TicketHistory.ticket_id == ticket.id, TicketHistory.field == field
        )
    ).all()


def test_department_service_goes_to_owner_queue_with_reason_in_history(org, file_ticket):
    ticket = file_ticket(service=org.school)
    assert ticket.queue == org.buf_queue
    expected = "Skolplattformen ägs av Barn- och utbildningsförvaltningen → BUF support"
    assert route_reason(ticket) == expected
    assert [swedish(h.explanation) for h in _history(ticket, "queue")] == [expected]


def test_common_service_goes_to_central_desk(org, file_ticket):
    ticket = file_ticket(service=org.email)
    assert ticket.queue == org.central
    assert route_reason(ticket) == "E-post är en kommungemensam tjänst → Servicedesk"


def test_first_matching_rule_wins_and_sets_tag(org, file_ticket, make_rule):
    make_rule("Lösenord", org.central, title_words="lösenord, konto låst")
    make_rule("Allt om skolan", org.soc_queue, service=org.school, tag="skola")
    ticket = file_ticket(service=org.school, title="Glömt mitt Lösenord")
    assert ticket.queue == org.central
    assert route_reason(ticket) == "Regel 'Lösenord' (rubriken innehåller 'lösenord') → Servicedesk"
    other = file_ticket(service=org.school, title="Närvaron sparas inte")
    assert other.queue == org.soc_queue
    tags = db.session.scalars(select(TicketTag.tag).where(TicketTag.ticket_id == other.id)).all()
    assert tags == ["skola"]
    assert [h.new_value for h in _history(other, "tag")] == ["skola"]


def test_rule_order_follows_position_not_creation(org, file_ticket, make_rule):
    make_rule("Sen", org.soc_queue, channel="phone", position=5)
    make_rule("Tidig", org.buf_queue, channel="phone", position=1)
    ticket = file_ticket(service=org.email, channel="phone", actor=org.agent)
    assert ticket.queue == org.buf_queue


def test_rule_to_inactive_queue_is_skipped(org, file_ticket, make_queue, make_rule):
    closed = make_queue("Nedlagd", org.it, active=False)
    make_rule("Till nedlagd", closed)
    ticket = file_ticket(service=org.school)
    assert ticket.queue == org.buf_queue


def test_rule_assignee_is_set_when_present(org, file_ticket, make_rule):
    make_rule("Till Bo", org.buf_queue, assignee=org.buf_agent, priority=4)
    ticket = file_ticket(service=org.school, impact=3, urgency=3)
    assert ticket.assignee == org.buf_agent
    assert swedish(_history(ticket, "assignee")[0].explanation) == "Tilldelad Bo BUF enligt regeln"
    org.buf_agent.away = True
    db.session.commit()
    assert file_ticket(service=org.school).assignee is None


def test_retired_service_falls_back_to_central(org):
    org.school.active = False
    decision = route_by_catalog(org.school)
    assert decision.queue == org.central
    assert swedish(decision.reason) == "Skolplattformen är avvecklad → Servicedesk"


def test_preview_places_an_unsaved_rule_first_without_saving(org, make_rule):
    make_rule("Skolan till SOC", org.soc_queue, service=org.school)
    draft = RuleSpec(id=0, name="Utkast", target_queue_id=org.central.id, channel="phone")
    case = CaseFacts(service_id=org.school.id, channel="phone")
    decision, queue = preview_route(case, draft=draft, draft_index=0)
    assert queue == org.central and swedish(decision.reason).startswith("Regel 'Utkast'")
    decision, queue = preview_route(case)
    assert queue == org.soc_queue
