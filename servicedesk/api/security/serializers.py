"""A security incident's facts and clocks as JSON."""

from __future__ import annotations

from datetime import datetime

from servicedesk.api.serializers import iso, person
from servicedesk.domain.security.clocks import clock_rows
from servicedesk.domain.security.incidents import ensure_incident
from servicedesk.models import SecurityClockDecision, Ticket


def decision_json(decision: SecurityClockDecision | None) -> dict | None:
    if decision is None:
        return None
    return {
        "outcome": decision.outcome,
        "submitted_at": iso(decision.submitted_at),
        "authority_reference": decision.authority_reference,
        "reason": decision.reason,
        "decided_by": person(decision.decided_by),
        "decided_at": iso(decision.decided_at),
    }


def incident_json(ticket: Ticket, *, now: datetime) -> dict:
    incident = ensure_incident(ticket, now=now)
    return {
        "reference": ticket.reference,
        "confidentiality": incident.confidentiality,
        "integrity": incident.integrity,
        "availability": incident.availability,
        "personal_data": incident.personal_data,
        "nis2_covered": incident.nis2_covered,
        "aware_at": iso(incident.aware_at),
        "clocks": [
            {
                "kind": row.timer.kind,
                "state": row.timer.state,
                "due_at": iso(row.timer.due_at),
                "breached_at": iso(row.timer.breached_at),
                "met_at": iso(row.timer.met_at),
                "decision": decision_json(row.decision),
            }
            for row in clock_rows(ticket, now=now)
        ],
    }
