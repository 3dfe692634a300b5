"""Problem records: incidents linked, analysis, known error, fixing change, resolution."""

from __future__ import annotations

import pytest

from servicedesk.domain.changes.problems import (
    close_problem,
    create_problem,
    link_fix,
    link_incident,
    problems_for_ticket,
    resolve_problem,
    unlink_incident,
    update_analysis,
)
from servicedesk.domain.errors import InvalidTransition, PermissionDenied, ValidationError


def test_problem_lifecycle(world, now, file_ticket):
    agent = world.org.agent
    problem = create_problem(agent, title="Fakturor fastnar i attestflödet", now=now)
    assert problem.reference == f"PRB-{problem.id:06d}"
    tickets = [file_ticket(title=f"Faktura {n}") for n in range(3)]
    for ticket in tickets:
        assert link_incident(problem, agent, ticket, now=now)
    assert not link_incident(problem, agent, tickets[0], now=now)
    assert [t.id for t in problem.incidents] == [t.id for t in tickets]
    assert problems_for_ticket(tickets[1]) == [problem]
    with pytest.raises(ValidationError):
        update_analysis(problem, agent, root_cause="x", workaround="", known_error=True, now=now)
    update_analysis(
        problem,
        agent,
        root_cause="Attestregeln saknar ersättare",
        workaround="Attestera via ekonomichefen",
        known_error=True,
        now=now,
    )
    assert (problem.status, problem.known_error) == ("known_error", True)
    change = world.change(now=now)
    link_fix(problem, agent, change, now=now)
    assert problem.fix_change_id == change.id
    resolve_problem(problem, agent, now=now)
    assert (problem.status, problem.resolved_at) == ("resolved", now)
    close_problem(problem, agent, now=now)
    with pytest.raises(InvalidTransition):
        resolve_problem(problem, agent, now=now)


def test_unlink_and_resolve_needs_root_cause(world, now, file_ticket):
    problem = create_problem(world.org.agent, title="Skrivare", now=now)
    ticket = file_ticket()
    link_incident(problem, world.org.agent, ticket, now=now)
    assert unlink_incident(problem, world.org.agent, ticket, now=now)
    assert problem.incidents == []
    with pytest.raises(ValidationError):
        resolve_problem(problem, world.org.agent, now=now)
    with pytest.raises(InvalidTransition):
        close_problem(problem, world.org.agent, now=now)


def test_employees_cannot_create_problems(world, now):
    with pytest.raises(PermissionDenied):
        create_problem(world.org.employee, title="x", now=now)
    with pytest.raises(ValidationError):
        create_problem(world.org.agent, title=" ", now=now)


def test_a_problem_title_is_one_line(world, now):
    problem = create_problem(world.org.agent, title="Fakturor\r\nfastnar", now=now)
    assert problem.title == "Fakturor fastnar"


def test_a_change_title_is_one_line_on_create_and_edit(world, now):
    from servicedesk.domain.changes.workflow import update_change

    change = world.change(title="Uppgradera\r\nekonomisystemet", now=now)
    assert change.title == "Uppgradera ekonomisystemet"
    update_change(change, world.org.agent, title="Ny\n\ttitel\u202e", now=now)
    assert change.title == "Ny titel"
