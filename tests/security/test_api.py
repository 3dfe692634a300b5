"""The API of a security incident: the facts and clock decisions, with JSON errors for bad
input and nothing changed; the ticket's clocks in `sla` like other timers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import SecurityClockDecision
from servicedesk.models.base import utcnow


def _facts(aware_at: str, *, nis2_covered: bool = False) -> dict:
    return {
        "confidentiality": True,
        "integrity": False,
        "availability": False,
        "personal_data": True,
        "nis2_covered": nis2_covered,
        "aware_at": aware_at,
    }


def _decisions() -> int:
    return db.session.scalar(select(db.func.count(SecurityClockDecision.id)))


def test_the_handler_reads_moves_and_decides_through_the_api(org, sec, report, api_as, conforms):
    ticket = report()
    api = api_as(sec.coordinator)
    path = f"/tickets/{ticket.reference}/security"
    body = conforms(api.get(path), "SecurityIncident")
    assert body["personal_data"] and [c["kind"] for c in body["clocks"]] == ["gdpr_breach"]
    ticket_body = conforms(api.get(f"/tickets/{ticket.reference}"), "Ticket")
    assert "gdpr_breach" in {t["kind"] for t in ticket_body["sla"]}

    aware = (utcnow() - timedelta(hours=2)).replace(microsecond=0)
    moved = api.call("PUT", path, json=_facts(aware.isoformat(), nis2_covered=True))
    body = conforms(moved, "SecurityIncident")
    assert len(body["clocks"]) == 4
    imy = next(c for c in body["clocks"] if c["kind"] == "gdpr_breach")
    assert imy["due_at"].startswith((aware + timedelta(hours=72)).isoformat()[:16])

    done = api.post(
        f"{path}/clocks/gdpr_breach",
        json={
            "outcome": "submitted",
            "submitted_at": utcnow().isoformat(),
            "authority_reference": "IMY-2026-9",
        },
    )
    assert done.status_code == 201
    imy = next(
        c for c in conforms(done, "SecurityIncident")["clocks"] if c["kind"] == "gdpr_breach"
    )
    assert imy["state"] == "met" and imy["decision"]["authority_reference"] == "IMY-2026-9"
    again = api.post(
        f"{path}/clocks/gdpr_breach", json={"outcome": "not_reportable", "reason": "x"}
    )
    assert again.status_code == 422 and again.get_json()["error"]["code"] == "clock_decided"


def test_bad_input_is_refused_with_json_errors_and_nothing_changes(org, sec, report, api_as):
    ticket = report()
    path = f"/tickets/{ticket.reference}/security"
    handler = api_as(sec.coordinator)
    no_reason = handler.post(f"{path}/clocks/gdpr_breach", json={"outcome": "not_reportable"})
    assert no_reason.status_code == 422
    assert "reason" in no_reason.get_json()["error"]["fields"]
    future = (utcnow() + timedelta(days=1)).isoformat()
    early = handler.post(
        f"{path}/clocks/gdpr_breach",
        json={"outcome": "submitted", "submitted_at": future, "authority_reference": "IMY-1"},
    )
    assert early.status_code == 422 and "submitted_at" in early.get_json()["error"]["fields"]
    moved = handler.call("PUT", path, json=_facts(future))
    assert moved.status_code == 422 and "aware_at" in moved.get_json()["error"]["fields"]
    # the reporter sees their case, but decides nothing; another agent does not see it at all
    reporter = api_as(org.employee)
    refused = reporter.post(
        f"{path}/clocks/gdpr_breach", json={"outcome": "not_reportable", "reason": "ingen fara"}
    )
    assert refused.status_code == 403
    outsider = api_as(org.agent)
    hidden = outsider.post(
        f"{path}/clocks/gdpr_breach", json={"outcome": "not_reportable", "reason": "ingen fara"}
    )
    assert hidden.status_code == 404 and hidden.get_json()["error"]["code"] == "not_found"
    assert _decisions() == 0
    assert handler.get(path).get_json()["aware_at"].startswith(ticket.created_at.isoformat()[:16])
