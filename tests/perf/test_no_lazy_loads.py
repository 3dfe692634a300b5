"""The desk and portal pages load what they show up front: no lazy loads while rendering,
and a statement count that does not grow with the rows, comments and timers shown."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from servicedesk.demo.sla import default_policy, office_calendar
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db

from .conftest import _recording


@contextmanager
def lazy_loads():
    """Record every load fired by touching an attribute: a lazy relationship, or an
    expired or deferred column refreshed on access."""
    seen: list[str] = []

    def record(state):
        if state.lazy_loaded_from is not None or state.is_column_load:
            source = state.lazy_loaded_from
            origin = source.class_.__name__ if source is not None else "refresh"
            tables = ", ".join(sorted(t.name for t in state.statement.get_final_froms()))
            seen.append(f"{origin} -> {tables}")

    event.listen(db.session, "do_orm_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.session, "do_orm_execute", record)


def _get(app, client, path) -> tuple[list[str], list[str]]:
    """Lazy loads and statements of one request, the second of two (caches warm). Each
    runs in its own app context, so its session starts empty as in a real worker."""
    with app.app_context():
        assert client.get(path).status_code == 200
    with app.app_context(), lazy_loads() as lazy, _recording() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return lazy, statements


@pytest.fixture
def desk(app, org, file_ticket, make_user):
    office_calendar(short_days=False)
    default_policy()
    db.session.commit()
    first = file_ticket(title="Skrivaren")
    add_comment(first, org.agent, "Svar", internal=False, now=first.created_at)
    add_comment(first, org.agent, "Notering", internal=True, now=first.created_at)
    add_comment(first, org.employee, "Fråga", internal=False, now=first.created_at)
    db.session.commit()
    return first


def _grow(org, file_ticket, make_user, ticket, n=4):
    for i in range(n):
        other = make_user(f"grow{i}@tanum.example")
        file_ticket(requester=other, title=f"Fler {i}")
        file_ticket(requester=org.employee, title=f"Mina {i}")
        add_comment(ticket, org.agent, f"Svar {i}", internal=i % 2 == 1, now=ticket.created_at)
        add_comment(ticket, org.employee, f"Fråga {i}", internal=False, now=ticket.created_at)
    db.session.commit()


def test_the_recorder_sees_a_lazy_load(app, org):
    calendar = office_calendar(short_days=False)
    db.session.commit()
    db.session.expire_all()
    with lazy_loads() as lazy:
        assert calendar.hours  # expired row, then a lazy collection
    assert lazy == ["refresh -> calendar", "Calendar -> calendar_hours"]


PAGES = {
    "desk queue list": ("agent", lambda org, t: f"/desk/tickets?queue={org.central.id}"),
    "desk list, all queues": ("agent", lambda org, t: "/desk/tickets"),
    "ticket page, staff": ("agent", lambda org, t: f"/desk/tickets/{t.id}"),
    "ticket page, requester": ("employee", lambda org, t: f"/portal/tickets/{t.id}"),
    "portal list": ("employee", lambda org, t: "/portal/"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_has_no_lazy_loads_and_a_constant_statement_count(
    page, app, desk, client, auth, org, file_ticket, make_user
):
    who, path_of = PAGES[page]
    ticket = desk
    path = path_of(org, ticket)
    auth.login(getattr(org, who))
    lazy, few = _get(app, client, path)
    assert lazy == []
    _grow(org, file_ticket, make_user, ticket)
    lazy, many = _get(app, client, path)
    assert lazy == []
    assert len(many) == len(few), "\n".join(many)
