"""Saved views and the list's parameters: who sees a view, who may share or change it, and
that a view never widens what the list shows."""

from __future__ import annotations

import pytest

from servicedesk.domain.errors import NotFound, PermissionDenied, ValidationError
from servicedesk.domain.tickets.list_params import (
    DEFAULT_COLUMNS,
    move_column,
    parse_list_args,
    parse_query,
)
from servicedesk.domain.tickets.lists import list_tickets
from servicedesk.domain.tickets.saved_views import (
    create_view,
    delete_view,
    get_visible_view,
    update_view,
    visible_views,
)
from servicedesk.infra.extensions import db


def test_a_personal_view_is_seen_by_its_owner_alone(org, now):
    view = create_view(org.agent, "Mina akuta", "priority=1&assignee=me", now=now)
    assert [v.name for v in visible_views(org.agent)] == ["Mina akuta"]
    assert visible_views(org.admin) == []
    with pytest.raises(NotFound):
        get_visible_view(org.admin, view.id)


def test_a_shared_view_is_seen_by_the_queues_members_only(org, make_user, now):
    org.central.lead_id = org.agent.id
    db.session.flush()
    view = create_view(
        org.agent, "Försenade", "sla=breached", share_queue_id=org.central.id, now=now
    )
    colleague = make_user("Kim Kollega", {"agent"}, org.it, [org.central])
    assert [v.id for v in visible_views(colleague)] == [view.id]
    assert [v.id for v in visible_views(org.admin)] == [view.id]  # a member of the desk
    assert visible_views(org.buf_agent) == []
    with pytest.raises(NotFound):
        get_visible_view(org.buf_agent, view.id)


def test_only_a_lead_or_an_admin_may_share_and_only_the_owner_changes(org, now):
    with pytest.raises(ValidationError) as err:
        create_view(org.agent, "Delad", "", share_queue_id=org.central.id, now=now)
    assert err.value.field == "share_queue"
    shared = create_view(org.admin, "Nya", "status=new", share_queue_id=org.central.id, now=now)
    with pytest.raises(PermissionDenied):
        update_view(org.agent, shared, name="Mitt namn", now=now)
    with pytest.raises(PermissionDenied):
        delete_view(org.agent, shared)
    update_view(org.admin, shared, name="Nya ärenden", share_given=True, now=now)
    assert (shared.name, shared.queue_id) == ("Nya ärenden", None)
    delete_view(org.admin, shared)
    assert visible_views(org.admin) == []


def test_names_are_required_and_unique_per_owner(org, now):
    create_view(org.agent, "Kö", "", now=now)
    with pytest.raises(ValidationError) as err:
        create_view(org.agent, " Kö ", "", now=now)
    assert err.value.field == "name"
    with pytest.raises(ValidationError):
        create_view(org.agent, "   ", "", now=now)
    create_view(org.admin, "Kö", "", now=now)  # another owner may use the name


def test_a_view_cannot_widen_what_the_list_shows(org, file_ticket, now):
    """A view shared from the SOC queue names that queue; a viewer who does not work it
    still sees only what the visibility rule gives them."""
    secret = file_ticket(service=org.care, requester=org.other_employee)
    org.soc_queue.lead_id = org.soc_agent.id
    db.session.flush()
    view = create_view(org.soc_agent, "SOC", f"queue={org.soc_queue.id}&status=all", now=now)
    assert [
        t.id
        for t in list_tickets(
            org.soc_agent, parse_query(view.query, org.soc_agent).filter, now=now
        ).items
    ] == [secret.id]
    outsider = parse_query(view.query, org.agent)
    assert outsider.filter.queue_id == org.soc_queue.id
    assert list_tickets(org.agent, outsider.filter, now=now).items == []


def test_parameters_round_trip_in_canonical_form(org):
    params = parse_list_args(
        {"queue": "3", "status": "open", "sort": "newest", "per_page": "50", "bogus": "x"},
        org.agent,
        columns=["title", "ref", "queue", "nope", "title"],
    )
    assert params.columns == ["ref", "title", "queue"]
    assert params.per_page == 50
    assert params.query == "queue=3&sort=newest&cols=ref%2Ctitle%2Cqueue&per_page=50"
    again = parse_query(params.query, org.agent)
    assert (again.columns, again.per_page, again.query) == (params.columns, 50, params.query)
    default = parse_list_args({"per_page": "1000", "sort": "drop table"}, org.agent)
    assert default.columns == list(DEFAULT_COLUMNS) and default.per_page == 25
    assert default.query == "" and default.filter.sort == "due"


def test_columns_move_but_the_case_number_stays_first():
    cols = ["ref", "title", "status", "due"]
    assert move_column(cols, "status", -1) == ["ref", "status", "title", "due"]
    assert move_column(cols, "title", -1) == cols
    assert move_column(cols, "due", 1) == cols
    assert move_column(cols, "ref", 1) == cols
