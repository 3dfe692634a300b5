"""Filing writes the same rows as the one-by-one path it replaced.

`file_one_by_one` below is the previous `create_ticket` spelled out with the primitives it
used: routing read from the database (no settings cache), the ticket inserted, then
updated with its due date, one ORM history row at a time, each timer started on its own
(`start_timer`: policy and calendar looked up, the timer inserted, its start event added,
its deadlines computed by `clock.refresh` afterwards) and the acknowledgement queued after
the visibility rule was asked in SQL. The new path (cache, deadlines before the INSERT, one
INSERT per table) must give every row the same values: ticket, history, tags, timers, their
events and the outbox mail.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from servicedesk.demo.sla import default_policy, office_calendar
from servicedesk.domain import settings_cache
from servicedesk.domain.mail import notifications
from servicedesk.domain.mail.threading import outbox_headers_for_ticket
from servicedesk.domain.permissions import _exists, can_view_ticket, ticket_visibility
from servicedesk.domain.routing.router import route_ticket
from servicedesk.domain.sla.timers import REQUESTER_FACING, refresh_ticket_due, start_timer
from servicedesk.domain.tickets.lifecycle import create_ticket, record_history
from servicedesk.infra.extensions import db
from servicedesk.models import (
    OutboxMessage,
    RoutingRule,
    SlaEvent,
    SlaTimer,
    Status,
    Ticket,
    TicketHistory,
    TicketTag,
)
from servicedesk.models.sla import TimerKind
from servicedesk.models.ticket import TicketType


def file_one_by_one(*, requester, actor, title, description, service, impact, urgency, now):
    """The previous filing path, statement by statement."""
    settings_cache.clear()
    ticket = Ticket(
        type=str(TicketType.INCIDENT),
        title=title,
        description=description,
        requester=requester,
        requester_unit_id=requester.unit_id,
        service=service,
        impact=impact,
        urgency=urgency,
        priority=_priority(impact, urgency),
        status=Status.NEW,
        channel="portal",
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    decision = route_ticket(ticket)
    ticket.queue, ticket.route_explanation, ticket.route_reason = (
        decision.queue,
        decision.reason,
        "",
    )
    if decision.assignee is not None:
        ticket.assignee = decision.assignee
    db.session.add(ticket)
    db.session.flush()
    record_history(ticket, actor, "created", None, ticket.reference, now=now)
    record_history(
        ticket, None, "queue", None, ticket.queue.name, now=now, explanation=decision.reason
    )
    if decision.assignee is not None:
        name, why = decision.assignee.name, decision.assign_reason
        record_history(ticket, None, "assignee", None, name, now=now, explanation=why)
    for tag in decision.tags:
        db.session.add(TicketTag(ticket_id=ticket.id, tag=tag))
        record_history(ticket, None, "tag", None, tag, now=now, explanation=decision.reason)
    db.session.flush()
    timers = []
    for kind in (*REQUESTER_FACING, TimerKind.OLA):
        queue = ticket.queue if kind == TimerKind.OLA else None
        timer = start_timer(ticket, kind, at=now, now=now, queue=queue)
        if timer is not None:
            timers.append(timer)
    refresh_ticket_due(ticket, timers)
    db.session.flush()
    assert _exists(ticket_visibility(requester), ticket)  # the rule, asked in SQL
    notifications.notify(
        "ticket_created",
        key=f"ticket:{ticket.id}:created",
        ticket=ticket,
        recipient=requester,
        now=now,
        auto="auto-replied",
        reply_marker=True,
    )
    db.session.commit()
    return ticket


def _priority(impact, urgency):
    from servicedesk.domain.tickets.priority import priority_for

    return priority_for(impact, urgency)


def snapshot(ticket: Ticket) -> dict:
    """Every row filing wrote for `ticket`, with its id and reference made neutral."""
    db.session.expire_all()
    ticket = db.session.get(Ticket, ticket.id)
    marks = {
        ticket.reference: "<REF>",
        f"/tickets/{ticket.id}": "/tickets/<ID>",
        f"ticket:{ticket.id}:": "ticket:<ID>:",
    }

    def neutral(value):
        if isinstance(value, str):
            for old, new in marks.items():
                value = value.replace(old, new)
        if isinstance(value, dict):
            return {k: neutral(v) for k, v in value.items()}
        return value

    def row(obj, *skip):
        skip = {"id", "ticket_id", "timer_id", *skip}
        return {
            c.key: neutral(getattr(obj, c.key)) for c in obj.__table__.columns if c.key not in skip
        }

    def mail_row(mail):
        """The threading headers are derived from the ticket id: checked, then neutral."""
        values = row(mail)
        thread = outbox_headers_for_ticket(ticket.id, mail.recipient_id)
        assert {k: mail.headers[k] for k in thread} == thread
        values["headers"] = {k: "<thread>" if k in thread else v for k, v in mail.headers.items()}
        return values

    timers = db.session.scalars(
        select(SlaTimer).where(SlaTimer.ticket_id == ticket.id).order_by(SlaTimer.kind)
    ).all()
    kind_of = {t.id: t.kind for t in timers}
    events = db.session.scalars(
        select(SlaEvent).where(SlaEvent.timer_id.in_(kind_of)).order_by(SlaEvent.id)
    ).all()
    history = db.session.scalars(
        select(TicketHistory).where(TicketHistory.ticket_id == ticket.id).order_by(TicketHistory.id)
    ).all()
    tags = db.session.scalars(select(TicketTag.tag).where(TicketTag.ticket_id == ticket.id)).all()
    mails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.ticket_id == ticket.id).order_by(OutboxMessage.id)
    ).all()
    return {
        # The version differs on purpose: the due date now goes in with the INSERT, so the
        # row is not updated a second time (1 instead of 2); no one reads the number but the
        # stale-copy check, which compares it with itself.
        "ticket": row(ticket, "version"),
        "history": [row(h) for h in history],
        "tags": sorted(tags),
        "timers": [row(t) for t in timers],
        "events": sorted(([kind_of[e.timer_id]], row(e)) for e in events),
        "mails": [mail_row(m) for m in mails],
    }


CASES = {
    "central desk, no service": dict(service=None, impact=3, urgency=3),
    "department's service, high priority": dict(service="school", impact=1, urgency=1),
    "rule with assignee and tag": dict(service=None, impact=2, urgency=2, rule=True),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_filing_writes_the_rows_of_the_one_by_one_path(app, org, now, case):
    spec = dict(CASES[case])
    office_calendar(short_days=False)
    default_policy()
    if spec.pop("rule", False):
        db.session.add(
            RoutingRule(
                position=1,
                name="Skrivare",
                title_words="skrivare",
                target_queue_id=org.central.id,
                assignee_id=org.agent.id,
                tag="skrivare",
            )
        )
    db.session.commit()
    service = getattr(org, spec.pop("service")) if spec["service"] else spec.pop("service")
    filing = dict(
        requester=org.employee,
        actor=org.employee,
        title="Skrivaren på plan 2 fungerar inte",
        description="Den skriver inte ut.",
        service=service,
        now=now,
        **spec,
    )
    old = file_one_by_one(**filing)
    create_ticket(**filing)  # warms the settings cache, as in a running worker
    db.session.commit()
    new = create_ticket(**filing)
    db.session.commit()
    expected, got = snapshot(old), snapshot(new)
    for part in expected:
        assert got[part] == expected[part], part
    assert len(got["timers"]) == 3 and len(got["mails"]) == 1  # the comparison saw rows
    if case == "rule with assignee and tag":
        assert got["tags"] == ["skrivare"] and got["ticket"]["assignee_id"] == org.agent.id


def test_the_requesters_own_case_is_visible_without_asking_sql(app, org, file_ticket):
    ticket = file_ticket()
    assert can_view_ticket(org.employee, ticket) is True
    assert _exists(ticket_visibility(org.employee), ticket) is True  # the rule agrees
    org.employee.active = False  # a disabled account sees nothing, not even its own
    assert can_view_ticket(org.employee, ticket) is False
    assert can_view_ticket(org.other_employee, ticket) is False
