"""The OpenAPI path of the SLA report."""

from __future__ import annotations

from servicedesk.api.spec import answers, param


def report_paths() -> dict:
    day = {"type": "string", "format": "date"}
    return {
        "/reports/sla": {
            "get": {
                "summary": "SLA figures for local days from..to (managers and admins)",
                "parameters": [
                    {**param("from", day, description="First day, YYYY-MM-DD."), "required": True},
                    {**param("to", day, description="Last day, inclusive."), "required": True},
                ],
                "responses": answers("200", "SlaReport", "403", "422"),
            }
        }
    }
