"""The OpenAPI paths of authorities, the register, legal holds and the thinning log."""

from __future__ import annotations

from servicedesk.api.spec import INT, answers, body, param, ref

WRITE = ("400", "403", "404", "409", "413", "415", "422")
DAY = {"type": "string", "format": "date"}


def records_paths() -> dict:
    return {
        "/authorities": {
            "get": {
                "summary": "The authorities whose register the caller keeps (registrars, admins)",
                "responses": answers("200", "AuthorityList", "403"),
            }
        },
        "/register": {
            "get": {
                "summary": "One authority's register, newest first, secret records masked",
                "parameters": [
                    {
                        **param("authority", INT, description="The authority's id."),
                        "required": True,
                    },
                    param("from", DAY, description="First local day received (inclusive)."),
                    param("to", DAY, description="Last local day received (inclusive)."),
                    param("after", {"type": "string"}, description="`next` of the last page."),
                    param("limit", {"type": "integer", "minimum": 1, "maximum": 500}),
                ],
                "responses": answers("200", "RegisterPage", "403", "422"),
            }
        },
        "/legal-holds": {
            "get": {
                "summary": "Every legal hold, standing ones first (registrars)",
                "responses": answers("200", "LegalHoldList", "403"),
            },
            "post": {
                "summary": "Place a hold on a ticket, a service or a person (stops thinning)",
                "requestBody": {"required": True, **body(ref("LegalHoldCreate"))},
                "responses": answers("201", "LegalHold", *WRITE),
            },
        },
        "/legal-holds/{hold_id}/lift": {
            "parameters": [param("hold_id", INT, "path")],
            "post": {
                "summary": "Lift a hold, with the reason (recorded)",
                "requestBody": {"required": True, **body(ref("LegalHoldLift"))},
                "responses": answers("200", "LegalHold", *WRITE),
            },
        },
        "/thinning-log": {
            "get": {
                "summary": "The thinning log, newest first (never thinned itself)",
                "parameters": [param("limit", {"type": "integer", "minimum": 1, "maximum": 1000})],
                "responses": answers("200", "ThinningLog", "403", "422"),
            }
        },
    }
