"""The pages: the employee's report, the handler's section, the report of incidents."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from servicedesk.domain.security import clocks
from servicedesk.domain.security.incidents import incident_of
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, SecurityClockDecision, Ticket
from tests.conftest import NOW


def test_an_employee_reports_an_incident_and_sees_it_as_their_case(org, sec, auth, client):
    auth.login(org.employee)
    token = auth.token("/security/report")
    page = client.post(
        "/security/report",
        data={
            "csrf_token": token,
            "title": "Jag klickade på en länk",
            "description": "Ett mejl bad mig logga in, jag gjorde det.",
            "integrity": "y",
            "personal_data": "y",
        },
        follow_redirects=True,
    )
    ticket = db.session.scalar(select(Ticket).where(Ticket.type == "security"))
    assert ticket.reference in page.text and ticket.queue_id == sec.queue.id
    incident = incident_of(ticket)
    assert incident.integrity and incident.personal_data and not incident.confidentiality
    assert {t.kind for t in clocks.legal_timers(ticket)} == {"gdpr_breach", *clocks.NIS2_KINDS}


def test_a_report_without_what_happened_is_refused_and_kept(org, sec, auth, client):
    auth.login(org.employee)
    token = auth.token("/security/report")
    page = client.post(
        "/security/report",
        data={"csrf_token": token, "title": "Stulen dator", "description": ""},
    )
    assert page.status_code == 422
    assert 'id="description-err"' in page.text and 'value="Stulen dator"' in page.text
    assert db.session.scalar(select(db.func.count(Ticket.id))) == 0


def test_the_handler_moves_aware_at_and_decides_a_clock(org, sec, report, auth, client):
    ticket = report()
    auth.login(sec.coordinator)
    page = client.get(f"/desk/tickets/{ticket.id}")
    assert 'id="security-h"' in page.text and 'action="/desk/tickets/' in page.text
    token = auth.token(f"/desk/tickets/{ticket.id}")
    future = "2099-01-01T10:00"
    refused = client.post(
        f"/desk/tickets/{ticket.id}/security",
        data={"csrf_token": token, "sec-personal_data": "y", "sec-aware_at": future},
    )
    assert refused.status_code == 422 and 'id="sec-aware_at-err"' in refused.text
    assert incident_of(ticket).aware_at == NOW

    refused = client.post(
        f"/desk/tickets/{ticket.id}/security/clocks/gdpr_breach",
        data={"csrf_token": token, "gdpr_breach-outcome": "not_reportable"},
    )
    assert refused.status_code == 422 and 'id="gdpr_breach-reason-err"' in refused.text
    assert db.session.scalar(select(db.func.count(SecurityClockDecision.id))) == 0

    done = client.post(
        f"/desk/tickets/{ticket.id}/security/clocks/gdpr_breach",
        data={
            "csrf_token": token,
            "gdpr_breach-outcome": "submitted",
            "gdpr_breach-submitted_at": "2026-11-26T12:00",  # 11:00 UTC: an hour after aware
            "gdpr_breach-authority_reference": "IMY-2026-77",
        },
    )
    assert done.status_code == 302
    decision = db.session.scalar(select(SecurityClockDecision))
    assert decision.authority_reference == "IMY-2026-77"
    assert decision.decided_by_id == sec.coordinator.id
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action.like("security_clock%")))
    assert entry.ip == "127.0.0.1" and entry.object_label == ticket.reference


def test_an_agent_outside_cannot_post_a_decision(org, sec, report, auth, client):
    ticket = report()
    auth.login(org.agent)
    token = auth.token("/desk/")
    answer = client.post(
        f"/desk/tickets/{ticket.id}/security/clocks/gdpr_breach",
        data={
            "csrf_token": token,
            "gdpr_breach-outcome": "not_reportable",
            "gdpr_breach-reason": "x",
        },
    )
    assert answer.status_code == 404
    assert db.session.scalar(select(db.func.count(SecurityClockDecision.id))) == 0


def test_the_report_counts_per_category_and_month_and_its_csv_is_audited(
    org, sec, report, auth, client
):
    first = report()
    report(personal_data=False, integrity=True)
    clocks.record_submission(
        first,
        sec.coordinator,
        "gdpr_breach",
        submitted_at=NOW + timedelta(hours=5),
        authority_reference="IMY-1",
        now=NOW + timedelta(hours=6),
    )
    db.session.commit()
    auth.login(org.agent)
    assert client.get("/security/incidents?year=2026").status_code == 403
    client.post("/logout", data={"csrf_token": auth.token("/desk/")})
    auth.login(sec.officer)
    page = client.get("/security/incidents?year=2026")
    assert page.status_code == 200
    csv = client.get("/security/incidents.csv?year=2026")
    lines = csv.data.decode("utf-8-sig").splitlines()
    assert lines[1] == "2026-11;Alla incidenter;2;1;0;0;0"
    assert "2026-11;Personuppgifter;1;1;0;0;0" in lines
    assert "2026-11;Riktighet;1;0;0;0;0" in lines
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "export"))
    assert entry.actor_id == sec.officer.id and entry.object_label == "sakerhetsincidenter-2026.csv"
    assert entry.ip == "127.0.0.1" and entry.new_value == str(len(lines) - 1)
