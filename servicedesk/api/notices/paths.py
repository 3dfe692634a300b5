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
            "parameters": [param("notice_id", INT, "path")],
            "get": {
                "summary": "One notice (a draft only for staff)",
                "responses": answers("200", "Notice", "404"),
            },
            "patch": _write(
                "Change a draft or published notice, or publish a draft (its writers); "
                "followers are mailed once per change",
                "NoticeUpdate",
                "Notice",
            ),
        },
        "/notices/{notice_id}/resolve": {
            "parameters": [param("notice_id", INT, "path")],
            "post": _write(
                "Resolve a published notice (its writers); followers are mailed once",
                "NoticeResolve",
                "Notice",
            ),
        },
        "/major-thresholds": {
            "get": {
                "summary": "Every service's major-incident threshold (admins and queue leads)",
                "responses": answers("200", "MajorThresholdList", "403"),
            },
        },
        "/major-thresholds/{service_id}": {
            "parameters": [param("service_id", INT, "path")],
            "get": {
                "summary": "The service's threshold: N incidents within M minutes",
                "responses": answers("200", "MajorThreshold", "403", "404"),
            },
            "put": _write(
                "Set the service's threshold (admins, the lead of its queue); audited",
                "MajorThresholdSet",
                "MajorThreshold",
            ),
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
