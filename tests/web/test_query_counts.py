"""Lists and the ticket page run a bounded number of SQL queries whatever the number of
rows (no N+1): the count is the same for 5 and for 50 tickets or comments."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from servicedesk.domain.tickets.lifecycle import add_comment, assign_ticket
from servicedesk.infra.extensions import db


@contextmanager
def counting():
    """Count the statements the engine executes inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def queries_for(client, path: str) -> int:
    assert client.get(path).status_code == 200  # warm: first-request work is not counted
    db.session.expire_all()
    with counting() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def _file_many(org, file_ticket, n: int) -> list:
    services = [None, org.email, org.school]
    tickets = []
    for i in range(n):
        ticket = file_ticket(title=f"Ärende {i}", service=services[i % 3])
        if i % 2:
            worker = org.buf_agent if ticket.queue_id == org.buf_queue.id else org.agent
            assign_ticket(ticket, worker, worker, now=ticket.created_at)
        tickets.append(ticket)
    db.session.commit()
    return tickets


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("employee", "/portal/"),
        ("agent", "/desk/tickets?status=all"),
        ("agent", "/desk/"),
    ],
)
def test_list_pages_do_not_grow_with_rows(app, org, client, auth, file_ticket, who, path):
    auth.login(getattr(org, who))
    _file_many(org, file_ticket, 5)
    few = queries_for(client, path)
    _file_many(org, file_ticket, 45)
    many = queries_for(client, path)
    assert many == few, f"{path}: {few} queries for 5 tickets, {many} for 50"
    assert few <= 12


def _comment(ticket, org, n: int) -> None:
    authors = [org.agent, org.employee, org.admin]
    for i in range(n):
        author = authors[i % 3]
        add_comment(
            ticket,
            author,
            f"Svar {i}",
            internal=author is org.agent and i % 2 == 0,
            now=ticket.created_at,
        )
    db.session.commit()


@pytest.mark.parametrize("path", ["/desk/tickets/{id}", "/portal/tickets/{id}"])
def test_ticket_page_does_not_grow_with_comments(app, org, client, auth, file_ticket, path):
    ticket = file_ticket(service=org.email)
    login_as = org.agent if path.startswith("/desk") else org.employee
    auth.login(login_as)
    _comment(ticket, org, 5)
    few = queries_for(client, path.format(id=ticket.id))
    _comment(ticket, org, 45)
    many = queries_for(client, path.format(id=ticket.id))
    assert many == few, f"{path}: {few} queries for 5 comments, {many} for 50"
    assert few <= 20


def _grow_panel(org, ticket, make_user, make_queue, make_service, n: int, now) -> None:
    """More of everything the staff page's side panel lists: queue members (assignee
    choices), queues, services, tags, and history lines from saving the panel."""
    from dataclasses import replace

    from servicedesk.domain.tickets.edit import edit_ticket
    from tests.desk_panel import unchanged_edit

    for i in range(n):
        make_user(f"Agent {n}-{i}", {"agent"}, org.it, [org.central])
        make_queue(f"Kö {n}-{i}", org.it)
        make_service(f"Tjänst {n}-{i}", org.it)
    db.session.commit()
    edit = unchanged_edit(ticket)
    for i in range(n):
        wanted = replace(edit, tags=(*edit.tags, f"etikett-{n}-{i}"), impact=1 + i % 3)
        edit_ticket(ticket, org.agent, wanted, version=ticket.version, now=now)
        edit = wanted
    db.session.commit()


def test_staff_ticket_page_does_not_grow_with_its_choices_tags_and_history(
    app, org, client, auth, file_ticket, make_user, make_queue, make_service, now
):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    path = f"/desk/tickets/{ticket.id}"
    _grow_panel(org, ticket, make_user, make_queue, make_service, 2, now)
    few = queries_for(client, path)
    _grow_panel(org, ticket, make_user, make_queue, make_service, 16, now)
    many = queries_for(client, path)
    page = client.get(path).text
    assert "etikett-16-15" in page and "Agent 16-15" in page and "Kö 16-15" in page
    assert many == few, f"staff ticket page: {few} queries with 2 of each, {many} with 18"
    # 16: closure codes, standard answers and macros are kept per process behind the
    # settings revision (tests/answers/test_composer_cache.py), so they cost no query;
    # the token itself is read once per transaction (one more when nothing else read it);
    # and one for the major incident box (is it major, or linked to one).
    assert few <= 16
