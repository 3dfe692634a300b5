"""Auto-assignment: the pure choice, and the queue's stored round-robin position."""

from __future__ import annotations

import pytest

from servicedesk.domain.routing.auto_assign import Candidate, pick_assignee
from servicedesk.infra.extensions import db
from tests.explained import route_reason, swedish

A, B, C = Candidate(1, "Anna"), Candidate(2, "Bo"), Candidate(3, "Cia")


@pytest.mark.parametrize(
    ("mode", "people", "last", "loads", "chosen", "reason"),
    [
        ("none", [A, B], None, None, None, ""),
        ("round_robin", [A, B, C], None, None, 1, "Tilldelad Anna i tur och ordning"),
        ("round_robin", [A, B, C], 1, None, 2, "Tilldelad Bo i tur och ordning"),
        ("round_robin", [C, A, B], 3, None, 1, "Tilldelad Anna i tur och ordning"),
        ("round_robin", [A, C], 2, None, 3, "Tilldelad Cia i tur och ordning"),
        (
            "least_loaded",
            [A, B, C],
            None,
            {1: 4, 2: 1, 3: 1},
            2,
            "Tilldelad Bo: minst antal öppna ärenden (1)",
        ),
        ("least_loaded", [A, B], None, {1: 2}, 2, "Tilldelad Bo: minst antal öppna ärenden (0)"),
        ("round_robin", [], None, None, None, "Ingen närvarande handläggare i kön; inte tilldelad"),
    ],
)
def test_pick_assignee(mode, people, last, loads, chosen, reason):
    pick = pick_assignee(mode, people, last_assigned_id=last, loads=loads)
    assert (pick.user_id, swedish(pick.reason)) == (chosen, reason)


def test_round_robin_rotates_and_skips_away_agents(org, file_ticket, make_user):
    org.central.auto_assign = "round_robin"
    second = make_user("Cecilia Central", {"agent"}, org.it, [org.central])
    away = make_user("Borta Bengt", {"agent"}, org.it, [org.central])
    away.away = True
    db.session.commit()
    present = sorted([org.agent, org.admin, second], key=lambda u: u.id)
    got = [file_ticket(service=org.email).assignee for _ in range(4)]
    assert got == [*present, present[0]]
    assert org.central.last_assigned_user_id == present[0].id
    assert "i tur och ordning" in route_reason(file_ticket(service=org.email))


def test_least_loaded_picks_agent_with_fewest_open_tickets(org, file_ticket, make_user):
    org.buf_queue.auto_assign = "least_loaded"
    other = make_user("Bea BUF", {"agent"}, org.buf, [org.buf_queue])
    db.session.commit()
    first = file_ticket(service=org.school)
    second = file_ticket(service=org.school)
    assert {first.assignee, second.assignee} == {org.buf_agent, other}
    assert "minst antal öppna ärenden (0)" in route_reason(second)


def test_no_present_agent_leaves_ticket_unassigned_with_reason(org, file_ticket):
    org.soc_queue.auto_assign = "round_robin"
    org.soc_agent.away = True
    db.session.commit()
    ticket = file_ticket(service=org.care)
    assert ticket.assignee is None
    assert route_reason(ticket).endswith("Ingen närvarande handläggare i kön; inte tilldelad")
