"""Timers follow the ticket: start, first response, pause/resume, resolve/reopen, transfer,
retarget, imported tickets."""

from __future__ import annotations

from datetime import timedelta

from servicedesk.domain.sla.rebuild import recompute
from servicedesk.domain.sla.watcher import tick
from servicedesk.domain.tickets import lifecycle as t
from servicedesk.infra.extensions import db
from tests.resolving import resolve
from tests.sla.conftest import local

THU = local(2026, 11, 26, 9)  # Thursday 09:00 Stockholm


def test_new_ticket_starts_first_response_resolution_and_ola(sla, org, file_ticket):
    ticket = file_ticket(impact=1, urgency=1, now=THU)  # P1
    timers = sla.timers(ticket)
    assert set(timers) == {"first_response", "resolution", f"ola:{org.central.id}"}
    assert timers["first_response"].due_at == local(2026, 11, 26, 9, 30)
    assert timers["resolution"].due_at == local(2026, 11, 26, 13)
    assert timers["first_response"].warn_at == local(2026, 11, 26, 9, 24)
    assert timers["first_response"].next_event_at == local(2026, 11, 26, 9, 24)
    assert ticket.due_at == local(2026, 11, 26, 9, 30)
    assert sla.events(timers["resolution"]) == [("start", THU)]


def test_no_policy_no_timers(org, file_ticket):
    ticket = file_ticket(now=THU)
    assert ticket.due_at is None


def test_public_agent_reply_meets_first_response(sla, org, file_ticket):
    ticket = file_ticket(impact=1, urgency=1, now=THU)
    t.add_comment(ticket, org.employee, "Hallå?", now=THU + timedelta(minutes=5))
    t.add_comment(ticket, org.agent, "Intern", internal=True, now=THU + timedelta(minutes=6))
    assert sla.timers(ticket)["first_response"].state == "running"
    t.add_comment(ticket, org.agent, "Vi tittar", now=THU + timedelta(minutes=10))
    first = sla.timers(ticket)["first_response"]
    assert (first.state, first.met_at, first.due_at) == ("met", THU + timedelta(minutes=10), None)
    assert ticket.due_at == local(2026, 11, 26, 13)  # the resolution deadline now


def test_late_reply_stays_breached(sla, org, file_ticket):
    ticket = file_ticket(impact=1, urgency=1, now=THU)
    t.add_comment(ticket, org.agent, "Sent svar", now=THU + timedelta(hours=1))
    first = sla.timers(ticket)["first_response"]
    assert first.state == "breached"
    assert first.breached_at == local(2026, 11, 26, 9, 30)
    assert first.met_at == THU + timedelta(hours=1)


def test_waiting_for_requester_pauses_and_resume_moves_deadline(sla, org, file_ticket):
    ticket = file_ticket(impact=2, urgency=2, now=THU)  # P3: resolution 45 h
    res = sla.timers(ticket)["resolution"]
    before = res.due_at
    pause_at = local(2026, 11, 26, 10)
    t.change_status(ticket, org.agent, "pending", pending_reason="requester", now=pause_at)
    assert (res.state, res.due_at, res.next_event_at) == ("paused", None, None)
    assert res.elapsed_minutes == 60
    t.add_comment(ticket, org.employee, "Här är svaret", now=local(2026, 11, 27, 10))
    assert res.state == "running"
    assert res.due_at == before + timedelta(days=1)  # 9 business hours later: a day
    kinds = [k for k, _ in sla.events(res)]
    assert kinds == ["start", "pause", "resume"]


def test_waiting_for_supplier_does_not_pause(sla, org, file_ticket):
    ticket = file_ticket(impact=2, urgency=2, now=THU)
    t.change_status(ticket, org.agent, "pending", pending_reason="supplier", now=THU)
    assert sla.timers(ticket)["resolution"].state == "running"


def test_resolve_stops_and_reopen_continues_elapsed(sla, org, file_ticket):
    ticket = file_ticket(impact=1, urgency=1, now=THU)
    t.add_comment(ticket, org.agent, "Svar", now=THU + timedelta(minutes=10))
    resolve(
        ticket,
        org.agent,
        now=THU + timedelta(hours=3),
    )
    res = sla.timers(ticket)["resolution"]
    ola = sla.timers(ticket)[f"ola:{org.central.id}"]
    assert (res.state, res.elapsed_minutes, ola.state) == ("met", 180, "met")
    assert ticket.due_at is None
    reopen_at = local(2026, 11, 30, 9)  # Monday: resolved time does not count
    t.reopen_ticket(ticket, org.employee, note="Felet kom tillbaka", now=reopen_at)
    assert res.state == "running"
    assert res.due_at == reopen_at + timedelta(hours=1)
    assert ola.state == "running"
    assert ticket.due_at == res.due_at
    assert [k for k, _ in sla.events(res)] == ["start", "stop", "reopen"]


def test_transfer_stops_old_ola_and_starts_new(sla, org, file_ticket):
    ticket = file_ticket(impact=1, urgency=1, now=THU)
    later = THU + timedelta(hours=2)
    t.transfer_ticket(ticket, org.agent, org.buf_queue, reason="Skolfråga", now=later)
    timers = sla.timers(ticket)
    old, new = timers[f"ola:{org.central.id}"], timers[f"ola:{org.buf_queue.id}"]
    assert (old.state, old.met_at, old.elapsed_minutes) == ("met", later, 120)
    assert (new.state, new.started_at, new.due_at) == ("running", later, later + timedelta(hours=4))
    assert timers["resolution"].state == "running"


def test_retarget_keeps_elapsed_and_breaches_at_crossing(sla, org, file_ticket):
    ticket = file_ticket(impact=2, urgency=2, now=THU)  # P3, resolution 45 h
    change_at = THU + timedelta(hours=5)
    t.update_ticket(ticket, org.agent, impact=1, urgency=1, now=change_at)  # -> P1, 4 h
    res = sla.timers(ticket)["resolution"]
    assert res.target_minutes == 240
    assert res.state == "breached"
    assert res.breached_at == THU + timedelta(hours=4)  # when elapsed crossed 4 h
    assert res.warned_at == THU + timedelta(minutes=192)
    kinds = [k for k, _ in sla.events(res)]
    assert kinds == ["start", "warn", "breach", "retarget"]
    assert len(sla.mails("sla_breach")) >= 1


def test_retarget_never_resends_old_warning(sla, org, file_ticket):
    ticket = file_ticket(impact=1, urgency=1, now=THU)  # P1, resolution 4 h, warn at 3h12
    tick(now=THU + timedelta(hours=3, minutes=30))
    warnings = len(sla.mails("sla_warn"))
    assert warnings == 3  # first response, resolution and OLA each warned once
    t.update_ticket(
        ticket, org.agent, impact=2, urgency=2, now=THU + timedelta(hours=3, minutes=40)
    )
    res = sla.timers(ticket)["resolution"]
    assert res.target_minutes == 45 * 60 and res.state == "running"
    tick(now=THU + timedelta(days=30))
    assert len(sla.mails("sla_warn")) == warnings
    assert [k for k, _ in sla.events(res)].count("warn") == 1


def test_imported_ticket_breach_recorded_without_mail(sla, org, file_ticket):
    ticket = file_ticket(impact=1, urgency=1, now=THU, created_at=THU - timedelta(days=7))
    timers = sla.timers(ticket)
    assert not any(timer.escalate for timer in timers.values())
    tick(now=THU)
    assert timers["resolution"].breached_at == THU - timedelta(days=7) + timedelta(hours=4)
    assert sla.mails() == []


def test_recompute_rebuilds_snapshot_from_events(sla, org, file_ticket):
    ticket = file_ticket(impact=2, urgency=2, now=THU)
    t.change_status(
        ticket, org.agent, "pending", pending_reason="requester", now=THU + timedelta(hours=1)
    )
    t.change_status(ticket, org.agent, "open", now=THU + timedelta(hours=2))
    res = sla.timers(ticket)["resolution"]
    expected = (res.elapsed_minutes, res.due_at, res.next_event_at, res.state)
    res.elapsed_minutes, res.due_at, res.next_event_at = 0, None, None
    ticket.due_at = None
    assert recompute(ticket) == 3
    assert (res.elapsed_minutes, res.due_at, res.next_event_at, res.state) == expected
    assert ticket.due_at is not None
    db.session.commit()


def test_policy_edit_retargets_open_timers_without_resending(sla, org, file_ticket):
    from servicedesk.domain.sla.admin import save_policy

    ticket = file_ticket(impact=1, urgency=1, now=THU)  # P1: resolution 4 h
    tick(now=THU + timedelta(hours=3, minutes=30))  # warnings recorded and mailed
    mails = len(sla.mails())
    targets = {
        p: (t.first_response_minutes, t.resolution_minutes, t.ola_minutes)
        for p, t in ((t.priority, t) for t in sla.policy.targets)
    }
    targets[1] = (30, 8 * 60, 8 * 60)
    save_policy(
        sla.policy,
        actor=org.admin,
        name="Standard",
        is_default=True,
        warn_percent=80,
        pause_on_requester=True,
        pause_on_supplier=False,
        pause_on_other=False,
        targets=targets,
        now=THU + timedelta(hours=3, minutes=40),
    )
    res = sla.timers(ticket)["resolution"]
    assert (res.target_minutes, res.state) == (480, "running")
    assert res.due_at == local(2026, 11, 26, 17)  # 8 business hours from Thursday 09:00
    assert [k for k, _ in sla.events(res)] == ["start", "warn", "retarget"]
    assert len(sla.mails()) == mails
