"""The watcher: once-only breaches and mails, rollback on failure, two watchers at once,
and the midsommar scenario through `flask sla tick --now`."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from servicedesk.domain.sla import escalation
from servicedesk.domain.sla.watcher import tick
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage, SlaEvent
from tests.conftest import PG_URL
from tests.sla.conftest import local

THU = local(2026, 11, 26, 9)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_two_ticks_at_the_same_moment_record_one_breach_and_mail(sla, org, file_ticket):
    file_ticket(impact=1, urgency=1, now=THU)
    later = THU + timedelta(days=1)
    tick(now=later)
    db.session.commit()
    events, mails = _count(SlaEvent), _count(OutboxMessage)
    tick(now=later)
    db.session.commit()
    assert (_count(SlaEvent), _count(OutboxMessage)) == (events, mails)
    assert _count(SlaEvent, SlaEvent.kind == "breach") == 3  # first response, resolution, OLA


def test_tick_that_fails_rolls_back_and_next_tick_records_once(sla, org, file_ticket, monkeypatch):
    ticket = file_ticket(impact=1, urgency=1, now=THU)
    real = escalation.enqueue_mails
    calls = {"n": 0}

    def failing(mails, *, now):
        calls["n"] += 1
        if calls["n"] == 1:  # the tick's events are recorded, its mails fail
            raise RuntimeError("mail store down")
        return real(mails, now=now)

    monkeypatch.setattr(escalation, "enqueue_mails", failing)
    later = THU + timedelta(days=1)
    with pytest.raises(RuntimeError):
        tick(now=later)
    db.session.rollback()
    assert _count(SlaEvent, SlaEvent.kind.in_(("warn", "breach"))) == 0
    assert sla.mails() == []  # no escalation left behind (the acknowledgement is older)
    tick(now=later)
    db.session.commit()
    assert _count(SlaEvent, SlaEvent.kind == "breach") == 3
    keys = [m.key for m in sla.mails()]
    assert len(keys) == len(set(keys)) > 0
    assert sla.timers(ticket)["resolution"].breached_at == THU + timedelta(hours=4)


def test_tick_costs_follow_what_is_due(sla, org, file_ticket):
    file_ticket(impact=1, urgency=1, now=THU)
    assert tick(now=THU) == 0
    assert tick(now=THU + timedelta(minutes=24)) == 1  # first response warning only


@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (row locks and unique waits)")
def test_two_watchers_at_once_record_one_breach_and_one_mail(sla, org, file_ticket, app):
    file_ticket(impact=1, urgency=1, now=THU)
    later = THU + timedelta(days=1)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def watcher():
        try:
            with app.app_context():
                db.session.remove()
                barrier.wait()
                tick(now=later)
                db.session.commit()
                db.session.remove()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=watcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    with Session(db.engine) as session:
        breaches = session.scalar(
            select(func.count()).select_from(SlaEvent).where(SlaEvent.kind == "breach")
        )
        keys = list(session.scalars(select(OutboxMessage.key)))
    assert breaches == 3
    assert len(keys) == len(set(keys))
    assert sum(1 for k in keys if k.endswith(f":breach:{org.admin.id}")) == 3


def test_midsommar_p1_breach_mails_the_systemforvaltare_once(sla, org, file_ticket, app):
    forvaltare = org.care.administrator
    org.school.administrator = forvaltare
    db.session.commit()
    filed = local(2026, 6, 18, 16, 30)  # Thursday before midsommarafton
    ticket = file_ticket(service=org.school, impact=1, urgency=1, now=filed)
    timers = sla.timers(ticket)
    assert timers["first_response"].due_at == local(2026, 6, 18, 17)
    assert timers["resolution"].due_at == local(2026, 6, 22, 11, 30)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["sla", "tick", "--now", "2026-06-22T12:00:00+02:00"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    res = sla.timers(ticket)["resolution"]
    assert (res.state, res.breached_at) == ("breached", local(2026, 6, 22, 11, 30))
    to_forvaltare = [m for m in sla.mails("sla_breach") if m.recipient_id == forvaltare.id]
    assert len(to_forvaltare) == 2  # first response and resolution, one each
    mail = next(m for m in to_forvaltare if m.key == f"sla:{res.id}:breach:{forvaltare.id}")
    assert ticket.reference in mail.subject and "Åtgärdstid" in mail.body_text
    total = len(sla.mails())
    result = runner.invoke(args=["sla", "tick", "--now", "2026-06-22T12:05:00+02:00"])
    assert result.exit_code == 0
    assert len(sla.mails()) == total


def test_midsommar_eve_eve_is_a_full_day_with_seeded_short_days(org, file_ticket):
    from servicedesk.demo.sla import load_demo_sla

    load_demo_sla(years=(2026,))
    ticket = file_ticket(impact=1, urgency=1, now=local(2026, 6, 18, 16, 30))
    # municipal practice: only "dag före röd dag" closes at 14:00, not the eve's eve
    assert ticket.due_at == local(2026, 6, 18, 17, 0)


def test_warning_goes_to_assignee_in_their_language(sla, org, file_ticket, make_user):
    english = make_user("Eve English", {"agent"}, org.it, [org.central], locale="en")
    ticket = file_ticket(impact=1, urgency=1, now=THU)
    from servicedesk.domain.tickets.lifecycle import assign_ticket

    assign_ticket(ticket, org.agent, english, now=THU)
    tick(now=THU + timedelta(minutes=25))
    [mail] = sla.mails("sla_warn")
    assert mail.recipient_id == english.id
    assert "SLA warning" in mail.subject and ticket.reference in mail.subject
    assert "First response" in mail.body_text and mail.body_html


def test_catch_up_after_downtime_records_real_instants(sla, org, file_ticket):
    ticket = file_ticket(impact=1, urgency=1, now=THU)
    tick(now=THU + timedelta(days=10))  # the watcher was down for ten days
    res = sla.timers(ticket)["resolution"]
    assert res.warned_at == THU + timedelta(minutes=192)
    assert res.breached_at == THU + timedelta(hours=4)
    assert res.next_event_at is None and res.due_at == res.breached_at
    assert ticket.due_at == local(2026, 11, 26, 9, 30)  # overdue tickets sort first


def test_cli_rejects_naive_time_and_recomputes_one_ticket(sla, org, file_ticket, app):
    ticket = file_ticket(impact=1, urgency=1, now=THU)
    runner = app.test_cli_runner()
    bad = runner.invoke(args=["sla", "tick", "--now", "2026-06-22T12:00"])
    assert bad.exit_code != 0 and "offset" in bad.output
    result = runner.invoke(args=["sla", "recompute", "--ticket", ticket.reference])
    assert result.exit_code == 0 and "Recomputed 3" in result.output
    missing = runner.invoke(args=["sla", "recompute", "--ticket", "INC-999999"])
    assert missing.exit_code != 0


def test_cli_tick_for_a_future_instant_queues_mail_due_now(sla, org, file_ticket, app):
    """`--now` simulates "the watcher ran at T": the records are as of T, but the mail is
    due when the command runs, not at T (issue 13, finding 4)."""
    from servicedesk.models.base import utcnow

    ticket = file_ticket(impact=1, urgency=1, now=THU)
    future = utcnow() + timedelta(days=400)
    before = utcnow()
    result = app.test_cli_runner().invoke(args=["sla", "tick", "--now", future.isoformat()])
    after = utcnow()
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert sla.timers(ticket)["resolution"].state == "breached"
    escalations = sla.mails("sla_breach") + sla.mails("sla_warn")
    assert escalations
    for mail in escalations:
        assert before - timedelta(seconds=1) <= mail.next_attempt_at <= after
        assert mail.created_at <= after
