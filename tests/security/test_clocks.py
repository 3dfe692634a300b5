"""The legal clocks: started from aware_at on 24x7, warned and breached once by the watcher,
met by a recorded submission, stopped without breach by "not reportable", moved by aware_at."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.security import clocks
from servicedesk.domain.security.incidents import Facts, incident_of, update_facts
from servicedesk.domain.sla.watcher import tick
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, SlaEvent, SlaTimer, TicketHistory


def _timers(ticket) -> dict[str, SlaTimer]:
    return {t.kind: t for t in clocks.legal_timers(ticket)}


def _events(timer, kind) -> int:
    stmt = select(SlaEvent).where(SlaEvent.timer_id == timer.id, SlaEvent.kind == kind)
    return len(list(db.session.scalars(stmt)))


def test_personal_data_starts_the_imy_clock_and_nis2_the_three(org, sec, report, now):
    ticket = report()
    assert ticket.reference.startswith("SEC-")
    assert ticket.queue_id == sec.queue.id
    assert set(_timers(ticket)) == {"gdpr_breach"}
    timer = _timers(ticket)["gdpr_breach"]
    assert timer.due_at == now + timedelta(hours=72)
    assert timer.calendar.always_open

    update_facts(
        ticket,
        sec.coordinator,
        Facts(personal_data=True, nis2_covered=True, confidentiality=True),
        aware_at=now,
        now=now + timedelta(hours=1),
    )
    db.session.commit()
    timers = _timers(ticket)
    assert timers["nis_early_warning"].due_at == now + timedelta(hours=24)
    assert timers["nis_notification"].due_at == now + timedelta(hours=72)
    # one calendar month from 26 November is 26 December
    assert timers["nis_final_report"].due_at == now + timedelta(days=30)


def test_the_watcher_breaches_once_and_the_submission_stops_as_met(org, sec, report, now):
    ticket = report()
    timer = _timers(ticket)["gdpr_breach"]
    later = now + timedelta(hours=73)
    tick(now=later)
    tick(now=later + timedelta(minutes=5))
    db.session.commit()
    assert timer.state == "breached"
    assert timer.breached_at == now + timedelta(hours=72)
    assert _events(timer, "breach") == 1 and _events(timer, "warn") == 1

    ticket2 = report()
    timer2 = _timers(ticket2)["gdpr_breach"]
    clocks.record_submission(
        ticket2,
        sec.coordinator,
        "gdpr_breach",
        submitted_at=now + timedelta(hours=30),
        authority_reference="IMY-2026-1234",
        now=now + timedelta(hours=31),
    )
    db.session.commit()
    assert timer2.state == "met" and timer2.met_at == now + timedelta(hours=30)
    tick(now=now + timedelta(hours=80))
    db.session.commit()
    assert timer2.state == "met" and timer2.breached_at is None
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "security_clock_submitted"))
    assert audit.actor_id == sec.coordinator.id and "IMY-2026-1234" in audit.new_value
    line = db.session.scalar(
        select(TicketHistory).where(
            TicketHistory.ticket_id == ticket2.id, TicketHistory.field == "security_clock"
        )
    )
    assert line.internal


def test_not_reportable_stops_without_breach_even_after_the_deadline(org, sec, report, now):
    ticket = report()
    timer = _timers(ticket)["gdpr_breach"]
    with pytest.raises(ValidationError) as err:
        clocks.record_not_reportable(ticket, sec.coordinator, "gdpr_breach", reason=" ", now=now)
    assert err.value.field == "reason"
    clocks.record_not_reportable(
        ticket,
        sec.coordinator,
        "gdpr_breach",
        reason="Krypterad lista: ingen risk",
        now=now + timedelta(hours=80),
    )
    db.session.commit()
    assert timer.state == "met" and timer.breached_at is None
    tick(now=now + timedelta(hours=90))
    assert timer.breached_at is None
    with pytest.raises(ValidationError) as err:
        clocks.record_not_reportable(ticket, sec.coordinator, "gdpr_breach", reason="igen", now=now)
    assert err.value.code == "clock_decided"


def test_bad_decisions_are_refused_and_change_nothing(org, sec, report, now):
    ticket = report()
    timer = _timers(ticket)["gdpr_breach"]
    with pytest.raises(PermissionDenied):
        clocks.record_submission(
            ticket, org.agent, "gdpr_breach", submitted_at=now, authority_reference="X", now=now
        )
    with pytest.raises(PermissionDenied):
        clocks.record_not_reportable(ticket, org.employee, "gdpr_breach", reason="nej", now=now)
    with pytest.raises(ValidationError) as err:
        clocks.record_submission(
            ticket,
            sec.coordinator,
            "gdpr_breach",
            submitted_at=now + timedelta(hours=2),
            authority_reference="IMY-1",
            now=now + timedelta(hours=1),
        )
    assert err.value.field == "submitted_at"
    with pytest.raises(ValidationError) as err:
        clocks.record_submission(
            ticket,
            sec.coordinator,
            "gdpr_breach",
            submitted_at=now,
            authority_reference="",
            now=now + timedelta(hours=1),
        )
    assert err.value.field == "authority_reference"
    with pytest.raises(ValidationError) as err:
        update_facts(
            ticket,
            sec.coordinator,
            Facts(personal_data=True),
            aware_at=now + timedelta(hours=3),
            now=now + timedelta(hours=1),
        )
    assert err.value.field == "aware_at"
    db.session.rollback()
    assert timer.state == "running" and timer.met_at is None


def test_moving_aware_at_moves_the_clocks_and_writes_a_history_line(org, sec, report, now):
    ticket = report()
    timer = _timers(ticket)["gdpr_breach"]
    earlier = now - timedelta(hours=70)
    update_facts(
        ticket,
        sec.officer,
        Facts(personal_data=True, confidentiality=True),
        aware_at=earlier,
        now=now,
    )
    db.session.commit()
    assert incident_of(ticket).aware_at == earlier
    assert timer.due_at == earlier + timedelta(hours=72)
    assert timer.started_at == earlier
    line = db.session.scalar(
        select(TicketHistory).where(
            TicketHistory.ticket_id == ticket.id, TicketHistory.field == "aware_at"
        )
    )
    assert line.internal and line.new_value == "2026-11-23 13:00"
    tick(now=now + timedelta(hours=3))
    db.session.commit()
    assert timer.breached_at == earlier + timedelta(hours=72)


def test_the_ticket_status_does_not_touch_the_legal_clocks(org, sec, report, now):
    from tests.resolving import resolve

    ticket = report()
    resolve(ticket, sec.coordinator, now=now + timedelta(hours=1))
    db.session.commit()
    timer = _timers(ticket)["gdpr_breach"]
    assert timer.met_at is None and timer.state == "running"


def test_flask_sla_tick_past_72_hours_records_the_imy_breach_once(app, org, sec, report, now):
    """The issue's "done when", from the command line: the incident with personal data
    shows the four clocks; `flask sla tick --now` past 72 h records the breach once."""
    from servicedesk.domain.security.incidents import Facts as F

    ticket = report()
    update_facts(
        ticket, sec.coordinator, F(personal_data=True, nis2_covered=True), aware_at=now, now=now
    )
    db.session.commit()
    assert set(_timers(ticket)) == {"gdpr_breach", *clocks.NIS2_KINDS}
    runner = app.test_cli_runner()
    later = (now + timedelta(hours=73)).isoformat()
    for _ in range(2):
        result = runner.invoke(args=["sla", "tick", "--now", later])
        assert result.exit_code == 0, result.output
    db.session.expire_all()
    timers = _timers(ticket)
    assert _events(timers["gdpr_breach"], "breach") == 1
    assert _events(timers["nis_notification"], "breach") == 1
    assert timers["nis_final_report"].breached_at is None
    from servicedesk.models import OutboxMessage

    [mail] = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.kind == "sla_breach", OutboxMessage.subject.contains("IMY")
        )
    )  # one breach, one mail (to the security queue's lead), however often it ticks
    assert mail.recipient_id == sec.coordinator.id
    assert mail.subject.startswith(f"[{ticket.reference}] Tidsfristen har passerat: Anmälan")


def test_flask_security_queue_sets_the_queue(app, org, sec):
    from servicedesk.domain.security.queue import security_queue

    result = app.test_cli_runner().invoke(args=["security", "queue", org.central.name])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert security_queue().id == org.central.id
    result = app.test_cli_runner().invoke(args=["security", "queue", "Finns inte"])
    assert result.exit_code != 0


def test_flask_security_queue_leaves_a_queue_with_incidents_to_the_admin(app, org, sec, report):
    from servicedesk.domain.security.queue import security_queue

    ticket = report()
    result = app.test_cli_runner().invoke(args=["security", "queue", org.central.name])
    assert result.exit_code != 0 and "/admin/security" in result.output
    db.session.expire_all()
    assert security_queue().id == sec.queue.id and ticket.queue_id == sec.queue.id


def test_sec_references_are_found(org, sec, report):
    from servicedesk.domain.search.references import Reference, parse_any_reference
    from servicedesk.models.ticket import parse_reference

    ticket = report()
    assert ticket.reference == f"SEC-{ticket.id:06d}"
    assert parse_reference(ticket.reference) == ("security", ticket.id)
    for typed in (ticket.reference, f"sec {ticket.id}", f"SEC{ticket.id}"):
        assert parse_any_reference(typed) == Reference("ticket", ticket.id, "security"), typed


def test_the_sla_reports_leave_the_legal_clocks_out(org, sec, report, now):
    from datetime import date

    from servicedesk.domain.reports import build_report, scope_for
    from servicedesk.domain.reports.accountability import breach_list
    from servicedesk.domain.reports.period import days

    ticket = report()
    tick(now=now + timedelta(hours=80))
    db.session.commit()
    assert _timers(ticket)["gdpr_breach"].breached_at is not None
    period = days(date(2026, 11, 1), date(2026, 11, 30))
    rows = breach_list(org.admin, scope_for(org.admin), period)
    assert rows and {r.kind for r in rows} <= {"first_response", "resolution", "ola"}
    build_report(org.admin, period, now=now + timedelta(days=3))  # runs with them present


def test_history_lines_speak_the_readers_language(org, sec, report, now):
    from flask_babel import force_locale

    from servicedesk.domain.explanations import render

    ticket = report()
    update_facts(
        ticket, sec.coordinator, Facts(personal_data=True, integrity=True), aware_at=now, now=now
    )
    clocks.record_not_reportable(
        ticket, sec.coordinator, "gdpr_breach", reason="Krypterat", now=now
    )
    db.session.commit()
    lines = {
        h.field: h
        for h in db.session.scalars(
            select(TicketHistory).where(TicketHistory.ticket_id == ticket.id)
        )
    }
    with force_locale("sv"):
        assert render(lines["security_facts"].explanation) == (
            "Nu markerat: Riktighet, Personuppgifter"
        )
        assert render(lines["security_clock"].explanation).startswith("Personuppgiftsincident")
    with force_locale("en"):
        assert "decided not reportable" in render(lines["security_clock"].explanation)
    assert lines["security_clock"].note == "Krypterat" and lines["security_clock"].internal


def test_a_submission_in_time_entered_after_the_breach_takes_the_breach_back(org, sec, report, now):
    """Met by the time of submission, not of entry: the watcher recorded the IMY breach at
    72 h; the handler then enters a report sent at 70 h. The clock ends as met, the breach
    is taken back (history line, audit entry), the report counts it met, the daily figures
    still equal a rebuild and a rebuild of the timer from its events agrees."""
    from flask_babel import force_locale

    from servicedesk.domain.explanations import render
    from servicedesk.domain.reports.figures import rebuild, snapshot
    from servicedesk.domain.security.report import security_report
    from servicedesk.domain.sla.rebuild import rebuild_timer

    ticket = report()
    timer = _timers(ticket)["gdpr_breach"]
    tick(now=now + timedelta(hours=75))
    db.session.commit()
    assert timer.state == "breached" and timer.breached_at == now + timedelta(hours=72)
    assert [r.clocks["missed"] for r in security_report(org.admin, year=2026)][0] == 1

    clocks.record_submission(
        ticket,
        sec.coordinator,
        "gdpr_breach",
        submitted_at=now + timedelta(hours=70),
        authority_reference="IMY-2026-77",
        now=now + timedelta(hours=76),
    )
    db.session.commit()
    assert timer.state == "met" and timer.breached_at is None and timer.warned_at is not None
    assert timer.met_at == now + timedelta(hours=70)
    assert _events(timer, "breach") == 1 and _events(timer, "reverse") == 1  # history kept
    tick(now=now + timedelta(hours=90))  # the watcher never records it again
    db.session.commit()
    assert timer.breached_at is None and _events(timer, "breach") == 1
    [row] = [r for r in security_report(org.admin, year=2026) if r.category == "all"]
    assert row.clocks["met"] == 1 and row.clocks["missed"] == 0

    rebuild_timer(timer)  # the events are the truth: the replay says the same
    assert (timer.state, timer.breached_at, timer.met_at) == (
        "met",
        None,
        now + timedelta(hours=70),
    )
    got = snapshot()
    rebuild()
    assert snapshot() == got

    audit = db.session.scalar(
        select(AuditLog).where(AuditLog.action == "security_clock_breach_reversed")
    )
    assert audit.actor_id == sec.coordinator.id and audit.object_id == ticket.id
    assert audit.old_value == "gdpr_breach: 2026-11-29 11:00"  # 72 h from 11:00 on the 26th
    assert audit.new_value == "gdpr_breach: 2026-11-29 09:00"
    lines = list(
        db.session.scalars(
            select(TicketHistory).where(
                TicketHistory.ticket_id == ticket.id, TicketHistory.field == "security_clock"
            )
        )
    )
    assert len(lines) == 2 and all(line.internal for line in lines)
    with force_locale("sv"):
        said = render(lines[-1].explanation)
    assert "registrerades senare" in said and "2026-11-29 11:00" in said, said


def test_a_late_submission_stays_a_breach_and_an_early_one_takes_back_the_warning(
    org, sec, report, now
):
    ticket = report()
    timer = _timers(ticket)["gdpr_breach"]
    tick(now=now + timedelta(hours=75))
    clocks.record_submission(
        ticket,
        sec.coordinator,
        "gdpr_breach",
        submitted_at=now + timedelta(hours=74),
        authority_reference="IMY-sent",
        now=now + timedelta(hours=75),
    )
    db.session.commit()
    assert timer.state == "breached" and timer.breached_at == now + timedelta(hours=72)
    assert _events(timer, "reverse") == 0
    assert not db.session.scalar(
        select(AuditLog).where(AuditLog.action == "security_clock_breach_reversed")
    )

    second = report()
    early = _timers(second)["gdpr_breach"]
    tick(now=now + timedelta(hours=60))  # warned at 54 h (75 %)
    clocks.record_submission(
        second,
        sec.coordinator,
        "gdpr_breach",
        submitted_at=now + timedelta(hours=20),
        authority_reference="IMY-early",
        now=now + timedelta(hours=60),
    )
    db.session.commit()
    assert early.state == "met" and early.warned_at is None and early.breached_at is None
    assert _events(early, "reverse") == 1


def test_the_legal_clock_mails_name_the_authority_and_the_deadline(org, sec, report, now):
    """Their own texts, not the SLA ones: "Anmälan till IMY senast …" in Swedish, the same
    in English for a reader who chose English; once per recipient however often it ticks."""
    from servicedesk.domain.tickets.lifecycle import add_comment
    from servicedesk.models import OutboxMessage

    ticket = report()
    update_facts(
        ticket, sec.coordinator, Facts(personal_data=True, nis2_covered=True), aware_at=now, now=now
    )
    add_comment(ticket, sec.coordinator, "Vi har tagit emot din rapport.", internal=False, now=now)
    db.session.commit()
    tick(now=now + timedelta(hours=19))  # the 24 h early warning warns at 18 h
    tick(now=now + timedelta(hours=19, minutes=5))
    db.session.commit()
    [warning] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "sla_warn"))
    assert warning.recipient_id == sec.coordinator.id
    assert warning.subject == (
        f"[{ticket.reference}] Tidig varning till CERT-SE senast 2026-11-27 11:00: {ticket.title}"
    )
    assert "SLA" not in warning.subject and "servicenivå" not in warning.body_text
    assert "Tidig varning till CERT-SE senast 2026-11-27 11:00." in warning.body_text
    assert "CERT-SE" in warning.body_html and "Tidsfrist" in warning.body_html

    sec.coordinator.locale = "en"
    db.session.commit()
    tick(now=now + timedelta(hours=73))
    db.session.commit()
    breaches = select(OutboxMessage).where(OutboxMessage.kind == "sla_breach")
    subjects = {m.subject for m in db.session.scalars(breaches)}
    assert f"[{ticket.reference}] Deadline passed: Notification to IMY by 2026-11-29 11:00" in (
        subjects
    )
    assert (
        f"[{ticket.reference}] Deadline passed: Early warning to CERT-SE by 2026-11-27 11:00"
        in (subjects)
    )
    imy = db.session.scalar(breaches.where(OutboxMessage.subject.contains("Notification to IMY")))
    assert "No submission to IMY is recorded" in imy.body_text
    assert "taken back" in imy.body_text and "service level" not in imy.body_text


def test_a_security_incident_runs_the_first_response_target_only(org, sec, report, now):
    """The rule of the service level for the type: the reporter is answered within the
    policy's first response (priority 2: 2 working hours); no resolution or OLA timer, as
    the legal clocks are its deadlines and it never leaves the security queue."""
    from servicedesk.domain.sla.timers import timers_of
    from servicedesk.domain.tickets.lifecycle import add_comment

    ticket = report()
    assert ticket.priority == 2
    [timer] = timers_of(ticket)
    assert timer.kind == "first_response" and timer.target_minutes == 120
    assert ticket.due_at == timer.due_at
    add_comment(ticket, sec.coordinator, "Vi har tagit emot din rapport.", internal=False, now=now)
    db.session.commit()
    assert timer.state == "met" and ticket.due_at is None
    from tests.resolving import resolve

    resolve(ticket, sec.coordinator, now=now + timedelta(hours=1))
    db.session.commit()
    assert [t.kind for t in timers_of(ticket)] == ["first_response"]
