"""The OpenAPI paths of a security incident's facts and clock decisions."""

from __future__ import annotations

from servicedesk.api.spec import answers, body, param, ref
from servicedesk.models.sla import LEGAL_KINDS

REFERENCE = {
    **param("reference", {"type": "string", "maxLength": 30}, "path", "e.g. SEC-000123"),
    "example": "SEC-000123",
}
KIND = param("kind", {"type": "string", "enum": list(LEGAL_KINDS)}, "path", "The legal clock.")
WRITE = ("400", "403", "404", "409", "413", "415", "422")


def security_paths() -> dict:
    item = "/tickets/{reference}/security"
    return {
        item: {
            "parameters": [REFERENCE],
            "get": {
                "summary": "A security incident's facts and legal clocks (security group)",
                "responses": answers("200", "SecurityIncident", "403", "404"),
            },
            "put": {
                "summary": "Set the facts and aware_at (moves the undecided clocks)",
                "requestBody": {"required": True, **body(ref("SecurityIncidentUpdate"))},
                "responses": answers("200", "SecurityIncident", *WRITE),
            },
        },
        f"{item}/clocks/{{kind}}": {
            "parameters": [REFERENCE, KIND],
            "post": {
                "summary": "Record a clock's decision: report submitted, or not reportable",
                "requestBody": {"required": True, **body(ref("SecurityClockDecisionCreate"))},
                "responses": answers("201", "SecurityIncident", *WRITE),
            },
        },
    }
