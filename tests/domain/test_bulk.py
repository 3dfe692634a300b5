"""Bulk actions on the queue list: each ticket on its own, checked for permission and for
the version the list showed, in its own unit of work."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from servicedesk.boundary.unit_of_work import commit_or_error
from servicedesk.domain.errors import DomainError, ValidationError
from servicedesk.domain.tickets import events
from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.domain.tickets.bulk import (
    BulkAction,
    Selected,
    bulk_update,
    parse_selection,
)
from servicedesk.infra.extensions import db
from servicedesk.models import Status, Ticket, TicketHistory, TicketTag


def _rows(*tickets: Ticket) -> list[Selected]:
    return [Selected(t.id, t.version) for t in tickets]


def _bulk(actor, rows, action, now):
    return bulk_update(actor, rows, action, now=now, unit_of_work=commit_or_error)


def _fresh(ticket: Ticket) -> Ticket:
    db.session.expire_all()
    return db.session.get(Ticket, ticket.id)


def test_claim_refuses_only_the_row_changed_since_the_list_was_shown(org, file_ticket, now):
    a, b, c = (file_ticket(service=org.email, title=f"Fall {i}") for i in range(3))
    rows = _rows(a, b, c)
    # Someone else changes b after the list was rendered.
    ticket_domain.change_status(b, org.admin, Status.OPEN, now=now)
    db.session.commit()

    result = _bulk(org.agent, rows, BulkAction("claim"), now)

    assert [o.reference for o in result.done] == [a.reference, c.reference]
    [refused] = result.refused
    assert (refused.reference, refused.code) == (b.reference, "stale_version")
    assert refused.message == f"{b.reference} har ändrats av någon annan sedan listan visades"
    assert _fresh(a).assignee_id == org.agent.id and _fresh(c).assignee_id == org.agent.id
    assert _fresh(b).assignee_id is None


def test_a_ticket_the_actor_may_not_work_is_refused_without_telling_about_it(org, file_ticket, now):
    mine = file_ticket(service=org.email)
    hidden = file_ticket(service=org.care, requester=org.other_employee)  # SOC, confidential
    own_request = file_ticket(service=org.school, requester=org.agent)  # BUF queue, not his

    result = _bulk(org.agent, _rows(mine, hidden, own_request), BulkAction("claim"), now)

    assert [o.ticket_id for o in result.done] == [mine.id]
    by_id = {o.ticket_id: o for o in result.refused}
    assert by_id[hidden.id].reference is None and by_id[hidden.id].code == "not_found"
    assert hidden.reference not in by_id[hidden.id].message
    assert by_id[own_request.id].code == "forbidden"
    assert _fresh(hidden).assignee_id is None and _fresh(own_request).assignee_id is None


def test_each_ticket_is_all_or_nothing(org, file_ticket, now):
    a, b, c = (file_ticket(service=org.email) for _ in range(3))

    def fail_for_b(ticket, **_):
        if ticket.id == b.id:
            raise DomainError("mail could not be queued")

    events.ticket_assigned.connect(fail_for_b)
    try:
        result = _bulk(org.agent, _rows(a, b, c), BulkAction("claim"), now)
    finally:
        events.ticket_assigned.disconnect(fail_for_b)

    assert [o.ticket_id for o in result.done] == [a.id, c.id]
    assert result.refused[0].message == f"{b.reference}: mail could not be queued"
    b = _fresh(b)
    assert b.assignee_id is None and b.status == Status.NEW
    history = db.session.scalars(
        select(TicketHistory.field).where(TicketHistory.ticket_id == b.id)
    ).all()
    assert "assignee" not in history and "status" not in history
    assert _fresh(c).status == Status.OPEN  # claimed after b failed: not undone by b


def test_status_transfer_assign_and_tag(org, file_ticket, now):
    a, b = file_ticket(service=org.email), file_ticket(service=org.email)

    pending = _bulk(org.agent, _rows(a, b), BulkAction("status", status="pending:supplier"), now)
    assert len(pending.done) == 2
    assert {(_fresh(t).status, _fresh(t).pending_reason) for t in (a, b)} == {
        ("pending", "supplier")
    }

    tagged = _bulk(org.agent, _rows(_fresh(a), _fresh(b)), BulkAction("tag", tag=" Skrivare "), now)
    assert len(tagged.done) == 2
    tags = db.session.scalars(select(TicketTag.tag).where(TicketTag.ticket_id.in_([a.id, b.id])))
    assert sorted(tags) == ["skrivare", "skrivare"]

    assigned = _bulk(org.agent, _rows(_fresh(a)), BulkAction("assign", assignee=org.admin), now)
    assert len(assigned.done) == 1 and _fresh(a).assignee_id == org.admin.id

    moved = _bulk(
        org.agent,
        _rows(_fresh(a), _fresh(b)),
        BulkAction("transfer", queue=org.buf_queue, reason="Gäller skolan"),
        now,
    )
    assert len(moved.done) == 2
    a = _fresh(a)
    assert a.queue_id == org.buf_queue.id and a.assignee_id is None
    notes = db.session.scalars(
        select(TicketHistory.note).where(
            TicketHistory.ticket_id == a.id,
            TicketHistory.field == "queue",
            TicketHistory.new_value == org.buf_queue.name,
        )
    )
    assert list(notes) == ["Gäller skolan"]


def test_an_incomplete_action_is_refused_before_anything_changes(org, file_ticket, now):
    a = file_ticket(service=org.email)
    version = a.version
    with pytest.raises(ValidationError) as err:
        _bulk(org.agent, _rows(a), BulkAction("transfer", queue=org.buf_queue, reason=" "), now)
    assert err.value.field == "reason"
    with pytest.raises(ValidationError) as err:
        _bulk(org.agent, _rows(a), BulkAction("status", status="resolved"), now)
    assert err.value.field == "status"
    assert _fresh(a).version == version and _fresh(a).queue_id == org.central.id


def test_selection_is_read_as_ticket_and_version():
    assert parse_selection(["7:2", "9:0", "7:5"]) == [Selected(7, 2), Selected(9, 0)]
    with pytest.raises(ValidationError):
        parse_selection([])
    with pytest.raises(ValidationError):
        parse_selection(["7"])


def test_colleagues_are_the_active_members_of_the_users_queues(org, make_user):
    from servicedesk.domain.tickets.bulk import colleagues

    gone = make_user("Göran Gått", {"agent"}, org.it, [org.central])
    gone.active = False
    db.session.flush()
    mine = colleagues(org.agent)
    assert mine.queue_ids == {org.central.id}
    names = [name for _, name in mine.assignees]
    assert names == sorted(names) and "Anders Agent" in names and "Alva Admin" in names
    assert "Göran Gått" not in names and "Bo BUF" not in names
    everyone = colleagues(org.admin)
    assert everyone.queue_ids is None
    assert {"Bo BUF", "Siv SOC"} <= {name for _, name in everyone.assignees}
