"""Query budgets of the hot paths (see docs/performance.md, "Desk and API")."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from servicedesk.demo.sla import default_policy, office_calendar
from servicedesk.domain.sla.timers import timers_of
from servicedesk.domain.tickets.view import view_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import SlaTimer


def test_new_ticket_reads_policy_and_calendar_from_the_cache_until_an_edit(
    app, org, file_ticket, statements
):
    office_calendar(short_days=False)
    policy = default_policy()
    db.session.commit()
    file_ticket(title="Warm-up")
    db.session.commit()
    db.session.expire_all()  # as in a new request: everything read afresh
    with statements() as seen:
        ticket = file_ticket(title="Skrivaren fungerar inte")
    assert seen.touching("FROM sla_policy") == []  # kept per process since the warm-up
    assert seen.touching("FROM calendar") == []
    assert len(seen.touching("FROM settings_revision")) == 1  # the one check
    assert seen.touching("FROM sla_timer") == []  # the new timers are not read back
    kinds = sorted(t.kind for t in timers_of(ticket))
    assert kinds == ["first_response", "ola", "resolution"]
    due = min(t.due_at for t in timers_of(ticket) if t.kind != "ola")
    assert ticket.due_at == due
    db.session.commit()
    # An admin's edit gives a new token: the next case reads the policy again, once.
    policy.warn_percent = 50
    db.session.commit()
    with statements() as seen:
        edited = file_ticket(title="Skärmen är svart")
    assert len(seen.touching("FROM sla_policy")) == 1
    assert {t.warn_percent for t in timers_of(edited)} == {50}


def test_new_ticket_timers_match_one_by_one_start(app, org, file_ticket, now):
    """The shared look-up gives each timer the same policy, calendar and target as before."""
    calendar = office_calendar(short_days=False)
    policy = default_policy()
    db.session.commit()
    ticket = file_ticket(title="Skrivaren", impact=1, urgency=1)
    timers = db.session.scalars(select(SlaTimer).where(SlaTimer.ticket_id == ticket.id)).all()
    assert {t.calendar_id for t in timers} == {calendar.id}
    assert {t.policy_id for t in timers} == {policy.id}
    by_kind = {t.kind: t for t in timers}
    assert by_kind["first_response"].target_minutes == 30
    assert by_kind["resolution"].target_minutes == 240
    assert by_kind["ola"].queue_id == ticket.queue_id
    assert by_kind["first_response"].due_at - now < timedelta(days=4)


def _queue_page_statements(client, queue_id, statements) -> list[str]:
    client.get(f"/desk/tickets?queue={queue_id}")
    with statements() as seen:
        response = client.get(f"/desk/tickets?queue={queue_id}")
    assert response.status_code == 200
    return seen


def test_queue_list_statements_do_not_grow_with_rows(
    app, client, auth, org, make_user, file_ticket, statements
):
    requesters = [make_user(f"req{i}@tanum.example") for i in range(6)]
    file_ticket(requester=requesters[0], title="Först")
    db.session.commit()
    auth.login(org.agent)
    few = _queue_page_statements(client, org.central.id, statements)
    for person in requesters[1:]:
        file_ticket(requester=person, title="Fler")
    db.session.commit()
    many = _queue_page_statements(client, org.central.id, statements)
    assert len(many) == len(few)
    # A list shows names: only the signed-in user's roles are loaded, not the requesters'.
    assert len([s for s in many if "FROM user_role" in s]) <= 1


def test_ticket_page_checks_staff_access_once(app, client, auth, org, file_ticket, statements):
    ticket = file_ticket(title="Skrivaren")
    db.session.commit()
    auth.login(org.agent)
    client.get(f"/desk/tickets/{ticket.id}")
    with statements() as seen:
        response = client.get(f"/desk/tickets/{ticket.id}")
    assert response.status_code == 200 and "Skrivaren" in response.text
    assert len([s for s in seen if s.lstrip().startswith("SELECT EXISTS")]) == 1


def test_view_ticket_trusts_a_given_staff_answer_only_for_staff(app, org, file_ticket):
    ticket = file_ticket(title="Skrivaren")
    assert view_ticket(ticket, org.agent).staff is True
    assert view_ticket(ticket, org.agent, staff=True).staff is True
    assert view_ticket(ticket, org.agent, requester_view=True, staff=True).staff is False
    assert view_ticket(ticket, org.employee).staff is False
