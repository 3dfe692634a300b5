"""Queue lists: deadline order with undated tickets last, pages across the boundary."""

from __future__ import annotations

from datetime import timedelta

from servicedesk.domain.tickets.lists import TicketFilter, list_tickets
from servicedesk.infra.extensions import db


def test_due_order_puts_deadlines_first_then_undated_by_age(org, file_ticket, now):
    made = [file_ticket(service=org.email, title=f"T{i}") for i in range(7)]
    dues = [None if h is None else now + timedelta(hours=h) for h in (5, 1, None, 3, None, 2, 4)]
    for ticket, due in zip(made, dues, strict=True):
        ticket.due_at = due
    db.session.flush()
    expected = [made[i].id for i in (1, 5, 3, 6, 0, 2, 4)]
    flt = TicketFilter(queue_id=org.central.id)
    seen = []
    for page in (1, 2, 3):
        result = list_tickets(org.agent, flt, page=page, per_page=3, now=now)
        assert result.total == 7
        seen += [t.id for t in result.items]
    assert seen == expected


def test_breached_and_due_soon_filters(org, file_ticket, now):
    late, soon, later = (file_ticket(service=org.email) for _ in range(3))
    late.due_at = now - timedelta(minutes=1)
    soon.due_at = now + timedelta(minutes=30)
    later.due_at = now + timedelta(hours=3)
    db.session.flush()
    breached = list_tickets(org.agent, TicketFilter(breached=True), now=now)
    assert [t.id for t in breached.items] == [late.id]
    within = list_tickets(org.agent, TicketFilter(breaching_within=timedelta(hours=1)), now=now)
    assert [t.id for t in within.items] == [soon.id]


def test_text_search_matches_wildcards_literally(org, file_ticket, now):
    file_ticket(service=org.email, title="100% fel")
    file_ticket(service=org.email, title="1000 fel")
    result = list_tickets(org.agent, TicketFilter(text="100%"), now=now)
    assert [t.title for t in result.items] == ["100% fel"]


def test_text_reads_a_reference_in_any_typed_form_as_the_header_search_does(org, file_ticket, now):
    office = file_ticket(service=org.email, title="Office 365 startar inte")
    other = file_ticket(service=org.email, title="Skrivaren")
    db.session.flush()

    def found(text: str) -> set[int]:
        return {t.id for t in list_tickets(org.agent, TicketFilter(text=text), now=now).items}

    number = other.id
    for typed in (other.reference, other.reference.lower(), f"INC {number}", f"inc-{number}"):
        assert found(typed) == {other.id}, typed
    assert found(f"REQ-{number}") == set()  # the prefix says another type
    assert found(str(number)) == {other.id}  # a bare number: the case itself
    assert found("365") == {office.id}  # … or a title with it
    assert found(f"PRB-{number}") == set()  # a problem's number is title text here
