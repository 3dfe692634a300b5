"""search(): a reference in any form opens one record; text lists title matches; nothing
the user may not open is shown or counted."""

from __future__ import annotations

import pytest

from servicedesk.domain.changes.problems import create_problem
from servicedesk.domain.changes.workflow import create_change
from servicedesk.domain.search import parse_any_reference, search
from servicedesk.infra.extensions import db


@pytest.mark.parametrize(
    ("typed", "kind", "number", "ticket_type"),
    [
        ("302", "ticket", 302, None),
        ("#302", "ticket", 302, None),
        ("inc-302", "ticket", 302, "incident"),
        ("INC-000302", "ticket", 302, "incident"),
        ("INC302", "ticket", 302, "incident"),
        (" inc 302 ", "ticket", 302, "incident"),
        ("req-7", "ticket", 7, "service_request"),
        ("ÄND-12", "change", 12, None),
        ("änd12", "change", 12, None),
        ("CHG-000012", "change", 12, None),
        ("prb-3", "problem", 3, None),
    ],
)
def test_every_form_of_a_reference_is_read(typed, kind, number, ticket_type):
    ref = parse_any_reference(typed)
    assert (ref.kind, ref.id, ref.ticket_type) == (kind, number, ticket_type)


@pytest.mark.parametrize("typed", ["", "skrivare", "302a", "0", "XYZ-3", "skrivare 302", "1" * 10])
def test_other_text_is_not_a_reference(typed):
    assert parse_any_reference(typed) is None


def test_a_bare_number_is_of_the_kind_asked_for():
    assert parse_any_reference("12", kind="change").kind == "change"


def test_a_bare_number_and_any_reference_form_open_the_ticket(org, file_ticket):
    ticket = file_ticket(service=org.email)
    for typed in (str(ticket.id), ticket.reference, ticket.reference.lower(), f"INC{ticket.id}"):
        result = search(org.agent, typed)
        assert result.direct is not None, typed
        assert (result.direct.kind, result.direct.id) == ("ticket", ticket.id)
        assert result.direct.reference == ticket.reference
    # the wrong type's prefix does not open it
    assert search(org.agent, f"REQ-{ticket.id}").direct is None


def test_title_matches_are_listed_with_reference_status_and_queue(org, file_ticket):
    printer = file_ticket(service=org.email, title="Skrivaren på plan 2 skriver inte")
    file_ticket(service=org.email, title="Kan inte logga in")
    result = search(org.agent, "SKRIVAREN")
    assert result.direct is None
    assert [(g.kind, g.total) for g in result.groups] == [("ticket", 1)]
    hit = result.groups[0].items[0]
    assert (hit.id, hit.reference, hit.title) == (printer.id, printer.reference, printer.title)
    assert hit.status == "new"
    assert hit.queue == "Servicedesk"


def test_like_wildcards_are_matched_literally(org, file_ticket):
    file_ticket(service=org.email, title="Kan inte logga in")
    assert search(org.agent, "%").groups == []
    assert search(org.agent, "_").groups == []


def test_a_hidden_ticket_is_neither_opened_nor_listed_nor_counted(org, file_ticket):
    care = file_ticket(requester=org.other_employee, service=org.care, title="Journalen låser sig")
    seen = file_ticket(service=org.email, title="Journalen i e-posten")
    # the agent outside the care queue: the reference opens nothing
    assert search(org.agent, care.reference).direct is None
    assert search(org.agent, str(care.id)).direct is None
    result = search(org.agent, "Journalen")
    assert [hit.id for group in result.groups for hit in group.items] == [seen.id]
    assert result.total == 1
    # the care queue's agent sees it, and the other one is outside their remit
    result = search(org.soc_agent, "Journalen")
    assert [hit.id for hit in result.groups[0].items] == [care.id]
    assert search(org.soc_agent, care.reference).direct.id == care.id


def test_pages_of_one_kind(org, file_ticket):
    made = [file_ticket(service=org.email, title=f"Skärm {n} flimrar") for n in range(5)]
    first = search(org.agent, "flimrar", "ticket", 1, per_page=2)
    third = search(org.agent, "flimrar", "ticket", 3, per_page=2)
    group, last = first.groups[0], third.groups[0]
    assert (group.total, group.pages, group.has_next, group.has_prev) == (5, 3, True, False)
    assert len(group.items) == 2 and len(last.items) == 1
    seen = {
        h.id
        for p in (1, 2, 3)
        for h in search(org.agent, "flimrar", "ticket", p, per_page=2).groups[0].items
    }
    assert seen == {t.id for t in made}


def test_changes_and_problems_are_found_grouped_by_kind(org, file_ticket, now):
    file_ticket(service=org.email, title="Brandväggen blockerar VPN")
    change = create_change(org.agent, title="Byt brandväggen", now=now)
    problem = create_problem(org.agent, title="Brandväggen tappar regler", now=now)
    db.session.commit()
    result = search(org.agent, "brandväggen")
    assert [(g.kind, g.total) for g in result.groups] == [
        ("ticket", 1),
        ("change", 1),
        ("problem", 1),
    ]
    assert search(org.agent, change.reference).direct.id == change.id
    assert search(org.agent, f"ÄND-{change.id}").direct.kind == "change"
    assert search(org.agent, problem.reference).direct.id == problem.id
    only = search(org.agent, "brandväggen", "problem")
    assert [g.kind for g in only.groups] == ["problem"]
    # an employee sees no changes or problems, and only their own tickets
    assert [g.kind for g in search(org.employee, "brandväggen").groups] == ["ticket"]
    assert search(org.other_employee, "brandväggen").groups == []
    assert search(org.employee, change.reference).direct is None
