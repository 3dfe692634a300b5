"""The queue list's time to the deadline equals the ticket page's: business time of the
deadline's own timer and calendar, in its working days and hours (domain/sla/deadlines.py)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import event

from servicedesk.domain.sla.deadlines import business_time_left
from servicedesk.domain.sla.labels import time_left
from servicedesk.domain.sla.timeline import ticket_timers
from servicedesk.domain.tickets import lifecycle as t
from servicedesk.infra.extensions import db
from tests.sla.conftest import local

THU = local(2026, 11, 26, 9)
# before the deadline, just after it, after hours, a weekend, weeks later, across the
# change to summer time
LATER = [
    THU + timedelta(minutes=30),
    THU + timedelta(hours=3, minutes=1),
    local(2026, 11, 26, 20),
    local(2026, 11, 28, 12),
    local(2026, 12, 14, 10, 17),
    local(2027, 4, 6, 15, 45),
]


def _page_row(ticket, now):
    """The ticket page's row for the timer that gives the ticket its deadline."""
    rows = [r for r in ticket_timers(ticket, now=now) if r.timer.due_at == ticket.due_at]
    return next(r for r in rows if r.timer.kind in ("first_response", "resolution"))


def test_list_and_ticket_page_agree_to_the_minute(sla, org, file_ticket, in_locale):
    tickets = [
        file_ticket(impact=1, urgency=1, now=THU),
        file_ticket(impact=3, urgency=3, now=THU),
    ]
    fast = file_ticket(impact=2, urgency=2, now=THU)
    for now in LATER:
        left = business_time_left([*tickets, fast], now=now)
        for ticket in [*tickets, fast]:
            row = _page_row(ticket, now)
            got = left[ticket.id]
            assert abs(got.minutes - row.left) < 1e-6, (now, ticket.id)
            assert got.day_minutes == row.day_minutes == 540  # Kontorstid, 08-17
            assert got.late == (ticket.due_at <= now)
            if not got.late:  # the page's words, as the page puts them
                page = in_locale("sv", time_left, row.left, row.day_minutes)
                assert in_locale("sv", lambda left=got: left.text) == page


def test_overdue_reads_in_working_days_not_calendar_days(sla, org, file_ticket, in_locale):
    ticket = file_ticket(impact=1, urgency=1, now=THU)  # first response in 1 h: due 10:00
    # Monday 14 December 10:15: 12 working days (of 9 h) and 15 minutes after Thursday
    # 10:00, although 18 calendar days have passed
    now = local(2026, 12, 14, 10, 15)
    got = business_time_left([ticket], now=now)[ticket.id]
    assert got.late
    assert in_locale("sv", lambda: got.text) == "försenat 12 arbetsdagar"
    assert in_locale("en", lambda: got.text) == "overdue by 12 working days"


def test_no_deadline_no_entry_and_one_query_for_a_page(sla, org, file_ticket):
    many = [file_ticket(impact=1 + i % 3, urgency=2, now=THU) for i in range(6)]
    paused = many[0]
    t.change_status(
        paused, org.agent, "pending", pending_reason="requester", now=THU + timedelta(hours=1)
    )
    db.session.commit()
    db.session.expire_all()
    loaded = [db.session.get(type(paused), x.id) for x in many]
    for ticket in loaded:
        _ = ticket.due_at, ticket.status
    statements = []
    listener = lambda *a, **k: statements.append(a[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        left = business_time_left(loaded, now=THU + timedelta(days=3))
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert paused.id not in left and set(left) == {x.id for x in many[1:]}
    assert len([s for s in statements if "sla_timer" in s]) == 1
    assert len(statements) <= 3  # the timers, their calendars; at most a spec build


def test_the_list_page_shows_the_ticket_pages_words(sla, org, client, auth, file_ticket):
    from servicedesk.models.base import utcnow

    ticket = file_ticket(impact=1, urgency=1, now=utcnow() - timedelta(days=20))
    auth.login(org.agent)
    page = client.get(f"/desk/tickets/{ticket.id}").text
    listed = client.get("/desk/tickets?status=all").text
    shown = re.search(r"<strong>(försenat [^<]*arbetsdag[^<]*)</strong>", page).group(1)
    row = re.search(
        rf'<time datetime="[^"]+" title="[^"]+" class="badge sla-breached">{shown}', listed
    )
    assert row is not None, shown
    assert "dagar sen" not in listed
