"""The OpenAPI paths of access requests, the access register and access reviews."""

from __future__ import annotations

from servicedesk.api.access.routes import REQUEST_STATES
from servicedesk.api.spec import INT, answers, body, param, ref
from servicedesk.models.access import ReviewState

WRITE = ("400", "403", "404", "409", "413", "415", "422")
PAGING = [
    param("page", {"type": "integer", "minimum": 1, "maximum": 100_000}),
    param("per_page", {"type": "integer", "minimum": 1, "maximum": 100}),
]
REFERENCE = {
    **param("reference", {"type": "string", "maxLength": 30}, "path", "e.g. BEH-000123"),
    "example": "BEH-000001",
}


def _write(summary: str, schema: str, answer: str, ok: str = "200", codes=WRITE) -> dict:
    return {
        "summary": summary,
        "requestBody": {"required": True, **body(ref(schema))},
        "responses": answers(ok, answer, *codes),
    }


def access_paths() -> dict:
    return {
        "/access-requests": {
            "get": {
                "summary": "Access requests the caller may see (asked, for them, to decide)",
                "parameters": [
                    param("state", {"type": "string", "enum": sorted(REQUEST_STATES)}),
                    param(
                        "mine",
                        {"type": "string", "enum": ["true", "false"]},
                        description="Only those the caller asked for or that are for them.",
                    ),
                    *PAGING,
                ],
                "responses": answers("200", "AccessRequestPage", "422"),
            },
            "post": _write(
                "Ask for a role in a system, for yourself or (a manager) your unit's people. "
                "Codes: role_not_offered, end_before_start, not_your_unit, duplicate_request, "
                "no_approver.",
                "AccessRequestCreate",
                "AccessRequest",
                "201",
                ("400", "403", "404", "413", "415", "422"),
            ),
        },
        "/access-requests/{reference}": {
            "parameters": [REFERENCE],
            "get": {
                "summary": "An access request with every decision",
                "responses": answers("200", "AccessRequest", "404"),
            },
        },
        "/access-requests/{reference}/decisions": {
            "parameters": [REFERENCE],
            "post": _write(
                "Grant or reject the current step as its approver. Codes: own_request, "
                "not_approver, already_decided, request_withdrawn, not_pending.",
                "AccessDecisionCreate",
                "AccessRequest",
            ),
        },
        "/access-grants": {
            "get": {
                "summary": "The access register, as far as the caller may see it",
                "parameters": [
                    param("user", INT, description="Grants of this person."),
                    param("service", INT, description="Grants in this system."),
                    param(
                        "active",
                        {"type": "string", "enum": ["true", "false", "all"]},
                        description="Default true: not revoked.",
                    ),
                    *PAGING,
                ],
                "responses": answers("200", "AccessGrantPage", "422"),
            },
        },
        "/access-reviews": {
            "get": {
                "summary": "Access reviews of the systems the caller administers or oversees",
                "parameters": [
                    param("state", {"type": "string", "enum": [s.value for s in ReviewState]}),
                    *PAGING,
                ],
                "responses": answers("200", "AccessReviewPage", "422"),
            },
        },
        "/access-reviews/{review_id}/answers": {
            "parameters": [param("review_id", INT, "path")],
            "post": _write(
                "Keep or revoke one grant of the review (its systemförvaltare or deputy). "
                "Codes: not_reviewer, review_done, line_answered.",
                "AccessAnswerCreate",
                "AccessReview",
            ),
        },
    }
