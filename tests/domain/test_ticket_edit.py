"""The staff ticket page's one save (`edit_ticket`) on a real session, without HTTP."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from servicedesk.boundary.unit_of_work import commit_or_error
from servicedesk.domain.errors import StaleVersion, ValidationError
from servicedesk.domain.tickets.edit import (
    TicketEditInvalid,
    edit_ticket,
    panel_statuses,
    parse_tags,
    tags_of,
)
from servicedesk.infra.extensions import db
from servicedesk.models import Ticket, TicketHistory
from tests.desk_panel import unchanged_edit
from tests.resolving import resolve


def lines(ticket, after: int = 0) -> list[tuple[str, str | None, str | None]]:
    stmt = (
        select(TicketHistory)
        .where(TicketHistory.ticket_id == ticket.id, TicketHistory.id > after)
        .order_by(TicketHistory.id)
    )
    return [(h.field, h.old_value, h.new_value) for h in db.session.scalars(stmt)]


def last_line_id(ticket) -> int:
    return db.session.scalar(
        select(db.func.max(TicketHistory.id)).where(TicketHistory.ticket_id == ticket.id)
    )


def save(ticket, actor, edit, now, version=None):
    version = ticket.version if version is None else version
    return commit_or_error(lambda: edit_ticket(ticket, actor, edit, version=version, now=now))


def snapshot(ticket_id):
    db.session.expire_all()
    t = db.session.get(Ticket, ticket_id)
    return (t.status, t.pending_reason, t.assignee_id, t.queue_id, t.service_id, t.impact,
            t.urgency, t.version, tuple(tags_of(t)))  # fmt: skip


def test_an_untouched_save_changes_nothing(org, file_ticket, now):
    ticket = file_ticket(service=org.email)
    before, mark = snapshot(ticket.id), last_line_id(ticket)
    assert save(ticket, org.agent, unchanged_edit(ticket), now) == []
    assert snapshot(ticket.id) == before
    assert lines(ticket, mark) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda o: {"status": "open"}, [("status", "new", "open")]),
        (
            lambda o: {"status": "pending", "pending_reason": "supplier"},
            [("status", "new", "pending:supplier")],
        ),
        (
            lambda o: {"assignee": o.agent},
            [("assignee", None, "Anders Agent"), ("status", "new", "open")],
        ),  # fmt: skip
        (lambda o: {"impact": 1}, [("impact", "3", "1"), ("priority", "4", "3")]),
        (lambda o: {"urgency": 2}, [("urgency", "3", "2")]),  # impact 3: still Låg
        (lambda o: {"service": o.email}, [("service", None, "E-post")]),
        (
            lambda o: {"tags": ("skrivare", "vip")},
            [("tag", None, "skrivare"), ("tag", None, "vip")],
        ),
        (
            lambda o: {"queue": o.buf_queue, "transfer_reason": "Gäller skolan"},
            [("queue", "Servicedesk", "BUF support")],
        ),
    ],
)
def test_each_changed_field_writes_its_history_line(org, file_ticket, now, change, expected):
    ticket = file_ticket()
    mark = last_line_id(ticket)
    save(ticket, org.agent, replace(unchanged_edit(ticket), **change(org)), now)
    assert lines(ticket, mark) == expected


def test_urgency_changes_priority_by_the_matrix(org, file_ticket, now):
    ticket = file_ticket(impact=2, urgency=3)  # priority 4
    mark = last_line_id(ticket)
    save(ticket, org.agent, replace(unchanged_edit(ticket), urgency=1), now)
    assert lines(ticket, mark) == [("urgency", "3", "1"), ("priority", "4", "2")]


def test_several_fields_in_one_save_each_get_one_line(org, file_ticket, now):
    ticket = file_ticket()
    mark = last_line_id(ticket)
    edit = replace(
        unchanged_edit(ticket),
        assignee=org.agent,
        status="pending",
        pending_reason="requester",
        impact=2,
        service=org.email,
        tags=("skrivare",),
    )
    changed = save(ticket, org.agent, edit, now)
    assert set(changed) >= {"assignee", "status", "impact", "service", "tags"}
    assert lines(ticket, mark) == [
        ("impact", "3", "2"),
        ("service", None, "E-post"),
        ("assignee", None, "Anders Agent"),
        ("status", "new", "open"),
        ("status", "open", "pending:requester"),
        ("tag", None, "skrivare"),
    ]
    assert (ticket.status, ticket.pending_reason, ticket.assignee_id) == (
        "pending",
        "requester",
        org.agent.id,
    )


def test_a_stale_version_refuses_the_whole_save(org, file_ticket, now):
    ticket = file_ticket()
    seen = ticket.version
    save(
        ticket, org.admin, replace(unchanged_edit(ticket), urgency=1), now
    )  # someone else saves first
    before, mark = snapshot(ticket.id), last_line_id(ticket)
    edit = replace(
        unchanged_edit(ticket), urgency=3, assignee=org.agent, tags=("x",), status="open"
    )
    with pytest.raises(StaleVersion):
        save(ticket, org.agent, edit, now, version=seen)
    assert snapshot(ticket.id) == before
    assert lines(ticket, mark) == []


def test_pending_without_a_reason_is_an_error_on_that_field_and_nothing_changes(
    org, file_ticket, now
):
    ticket = file_ticket()
    before, mark = snapshot(ticket.id), last_line_id(ticket)
    edit = replace(unchanged_edit(ticket), status="pending", pending_reason=None, impact=1)
    with pytest.raises(TicketEditInvalid) as err:
        save(ticket, org.agent, edit, now)
    assert list(err.value.fields) == ["pending_reason"]
    assert snapshot(ticket.id) == before
    assert lines(ticket, mark) == []


def test_a_queue_change_without_a_reason_is_an_error_and_nothing_changes(org, file_ticket, now):
    ticket = file_ticket()
    before, mark = snapshot(ticket.id), last_line_id(ticket)
    edit = replace(
        unchanged_edit(ticket), queue=org.buf_queue, transfer_reason="  ", status="pending",
        pending_reason=None, assignee=org.agent,
    )  # fmt: skip
    with pytest.raises(TicketEditInvalid) as err:
        save(ticket, org.agent, edit, now)
    assert set(err.value.fields) == {"transfer_reason", "pending_reason"}  # both at once
    assert snapshot(ticket.id) == before
    assert lines(ticket, mark) == []


def test_a_rule_broken_midway_rolls_back_what_came_before(org, file_ticket, now):
    """Impact is applied before the transfer; a confidential queue refusing the case
    must take the impact change back too."""
    ticket = file_ticket(service=org.care)  # SOC systemstöd, confidential
    before, mark = snapshot(ticket.id), last_line_id(ticket)
    edit = replace(unchanged_edit(ticket), impact=1, queue=org.central, transfer_reason="Fel kö")
    with pytest.raises(ValidationError) as err:
        save(ticket, org.soc_agent, edit, now)
    assert err.value.field == "queue"
    assert snapshot(ticket.id) == before
    assert lines(ticket, mark) == []


def test_the_reason_the_queue_changed_is_kept_and_the_assignee_is_taken_off(org, file_ticket, now):
    ticket = file_ticket()
    save(ticket, org.agent, replace(unchanged_edit(ticket), assignee=org.agent), now)
    mark = last_line_id(ticket)
    edit = replace(unchanged_edit(ticket), queue=org.buf_queue, transfer_reason="Skolans konto")
    save(ticket, org.agent, edit, now)
    assert lines(ticket, mark) == [
        ("queue", "Servicedesk", "BUF support"),
        ("assignee", "Anders Agent", None),
    ]
    note = db.session.scalar(
        select(TicketHistory.note).where(TicketHistory.id > mark, TicketHistory.field == "queue")
    )
    assert note == "Skolans konto"
    assert ticket.queue_id == org.buf_queue.id and ticket.assignee_id is None


def test_changing_what_a_pending_case_waits_for(org, file_ticket, now):
    ticket = file_ticket()
    save(
        ticket,
        org.agent,
        replace(unchanged_edit(ticket), status="pending", pending_reason="other"),
        now,
    )
    mark = last_line_id(ticket)
    save(ticket, org.agent, replace(unchanged_edit(ticket), pending_reason="supplier"), now)
    assert lines(ticket, mark) == [
        ("status", "pending", "open"),
        ("status", "open", "pending:supplier"),
    ]


def test_removing_a_tag_is_a_history_line(org, file_ticket, now):
    ticket = file_ticket()
    save(ticket, org.agent, replace(unchanged_edit(ticket), tags=("a", "b")), now)
    mark = last_line_id(ticket)
    save(ticket, org.agent, replace(unchanged_edit(ticket), tags=("b",)), now)
    assert lines(ticket, mark) == [("tag", "a", None)]
    assert tags_of(ticket) == ["b"]


def test_resolved_and_closed_are_not_panel_statuses(org, file_ticket, now):
    ticket = file_ticket()
    assert panel_statuses(ticket) == ["new", "open", "pending"]
    with pytest.raises(TicketEditInvalid) as err:
        save(ticket, org.agent, replace(unchanged_edit(ticket), status="resolved"), now)
    assert list(err.value.fields) == ["status"]
    resolve(ticket, org.agent, now=now)
    db.session.commit()
    assert panel_statuses(ticket) == ["resolved", "open"]


def test_parse_tags_trims_and_drops_repeats():
    assert parse_tags(" vip, skrivare ,,vip, ") == ("vip", "skrivare")
    assert parse_tags("") == ()
