"""The OpenAPI paths of notices and major incidents."""

from __future__ import annotations

from servicedesk.api.spec import INT, answers, body, param, ref

WRITE = ("400", "403", "404", "409", "413", "415", "422")


def _reference() -> dict:
    schema = {"type": "string", "maxLength": 30}
    return {
        **param("reference", schema, "path", "The major incident's case number."),
        "example": "INC-000001",
    }


def _write(summary: str, schema: str, answer: str, ok: str = "200") -> dict:
    return {
        "summary": summary,
        "requestBody": {"required": True, **body(ref(schema))},
        "responses": answers(ok, answer, *WRITE),
    }


def notice_paths() -> dict:
    return {
        "/notices": {
            "get": {
                "summary": "Outage notices: active ones, or the public page's (staff: drafts too)",
                "parameters": [
                    param("active", {"type": "string", "enum": ["true", "false"]}),
                    param("service", INT, description="Notices about this service."),
                ],
                "responses": answers("200", "NoticeList", "422"),
            },
            "post": _write(
                "Write a notice, as a draft or published (staff)", "NoticeCreate", "Notice", "201"
            ),
        },
        "/notices/{notice_id}": {
            "get": {
                "summary": "One notice (a draft only for staff)",
                "parameters": [param("notice_id", INT, "path")],
                "responses": answers("200", "Notice", "404"),
            }
        },
        "/major-incidents": {
            "post": _write(
                "Mark an incident as major (its agents)", "MajorDeclare", "MajorIncident", "201"
            ),
        },
        "/major-incidents/{reference}": {
            "get": {
                "summary": "A major incident and the linked cases the caller may see",
                "parameters": [_reference()],
                "responses": answers("200", "MajorIncident", "404"),
            }
        },
        "/major-incidents/{reference}/children": {
            "post": {
                **_write(
                    "Link an incident to the major incident", "MajorChildLink", "MajorIncident"
                ),
                "parameters": [_reference()],
            },
        },
        "/major-incidents/{reference}/updates": {
            "post": {
                **_write(
                    "One public update to every linked requester (mailed once each)",
                    "MajorUpdate",
                    "MajorIncident",
                ),
                "parameters": [_reference()],
            },
        },
    }
