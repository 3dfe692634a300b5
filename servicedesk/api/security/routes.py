"""A security incident's facts and legal-clock decisions.

Only a security ticket the caller may see is found (else 404, as for one that does not
exist); reading and writing its facts is for the security group (403 for its reporter).
Every write is the desk's domain call, in one unit of work.
"""

from __future__ import annotations

from flask import jsonify

from servicedesk.api.auth import api_user
from servicedesk.api.blueprint import bp
from servicedesk.api.errors import json_body, parse_timestamp
from servicedesk.api.security.serializers import incident_json
from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.permissions import no_such_ticket
from servicedesk.domain.security.clocks import decide_clock, require_security_handler
from servicedesk.domain.security.incidents import Facts, update_facts
from servicedesk.domain.tickets.lists import find_by_reference
from servicedesk.models import Ticket, TicketType
from servicedesk.models.sla import LEGAL_KINDS


def _incident(reference: str) -> Ticket:
    ticket = find_by_reference(api_user(), reference)
    if ticket is None or ticket.type != TicketType.SECURITY:
        raise no_such_ticket()
    require_security_handler(api_user())
    return ticket


@bp.get("/tickets/<reference>/security")
def get_security_incident(reference: str):
    ticket = _incident(reference)
    return jsonify(commit_or_error(lambda: incident_json(ticket, now=now())))


@bp.put("/tickets/<reference>/security")
def update_security_incident(reference: str):
    ticket = _incident(reference)
    data = json_body("SecurityIncidentUpdate")
    aware_at = parse_timestamp(data["aware_at"], "aware_at")
    facts = Facts(**{name: data[name] for name in Facts.__dataclass_fields__})

    def save() -> dict:
        update_facts(ticket, api_user(), facts, aware_at=aware_at, now=now())
        return incident_json(ticket, now=now())

    return jsonify(commit_or_error(save))


@bp.post("/tickets/<reference>/security/clocks/<kind>")
def decide_security_clock(reference: str, kind: str):
    ticket = _incident(reference)
    if kind not in LEGAL_KINDS:
        raise no_such_ticket()
    data = json_body("SecurityClockDecisionCreate")
    submitted_at = parse_timestamp(data.get("submitted_at"), "submitted_at")

    def decide() -> dict:
        decide_clock(
            ticket,
            api_user(),
            kind,
            outcome=data["outcome"],
            submitted_at=submitted_at,
            authority_reference=data.get("authority_reference", ""),
            reason=data.get("reason", ""),
            now=now(),
        )
        return incident_json(ticket, now=now())

    body = commit_or_error(decide)
    response = jsonify(body)
    response.status_code = 201
    return response
