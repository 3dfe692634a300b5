"""The OpenAPI paths of change requests and problem records."""

from __future__ import annotations

from servicedesk.api.changes.problems import STATUS_FILTERS
from servicedesk.api.changes.routes import STATE_FILTERS
from servicedesk.api.spec import INT, answers, body, param, ref
from servicedesk.models import ChangeKind

WRITE = ("400", "403", "404", "409", "413", "415", "422")
PAGING = [
    param("page", {"type": "integer", "minimum": 1, "maximum": 100_000}),
    param("per_page", {"type": "integer", "minimum": 1, "maximum": 100}),
]


def _reference(example: str) -> dict:
    return {
        **param("reference", {"type": "string", "maxLength": 30}, "path", f"e.g. {example}"),
        "example": example,
    }


def _request(schema: str) -> dict:
    return {"required": True, **body(ref(schema))}


def _write(summary: str, schema: str, answer: str, ok: str = "200", codes=WRITE) -> dict:
    return {
        "summary": summary,
        "requestBody": _request(schema),
        "responses": answers(ok, answer, *codes),
    }


def _states(open_means: str) -> dict:
    return {"type": "string", "description": f"`open`: {open_means}; default all."}


def change_paths() -> dict:
    item = "/changes/{reference}"
    list_params = [
        param("state", {**_states("not closed or cancelled"), "enum": sorted(STATE_FILTERS)}),
        param("kind", {"type": "string", "enum": [k.value for k in ChangeKind]}),
        param("service", INT, description="Changes touching this service."),
        *PAGING,
    ]
    return {
        "/changes": {
            "get": {
                "summary": "List change requests (staff)",
                "parameters": list_params,
                "responses": answers("200", "ChangePage", "403", "422"),
            },
            "post": _write(
                "Create a change request in draft (staff)",
                "ChangeCreate",
                "Change",
                "201",
                ("400", "403", "413", "415", "422"),
            ),
        },
        item: {
            "parameters": [_reference("CHG-000001")],
            "get": {
                "summary": "A change with approvals, history and calendar conflicts",
                "responses": answers("200", "Change", "403", "404"),
            },
            "patch": _write("Edit fields before approval is requested", "ChangeUpdate", "Change"),
        },
        f"{item}/transitions": {
            "parameters": [_reference("CHG-000001")],
            "post": _write("Move the change to another state", "ChangeTransition", "Change"),
        },
        f"{item}/approvals": {
            "parameters": [_reference("CHG-000001")],
            "post": _write("Approve or reject as a pending approver", "ChangeDecision", "Change"),
        },
    }


def problem_paths() -> dict:
    item = "/problems/{reference}"
    link = _write("Link an incident the caller can see", "IncidentLink", "Problem", "201")
    link["responses"]["200"] = {"description": "Linked already", **body(ref("Problem"))}
    return {
        "/problems": {
            "get": {
                "summary": "List problem records (staff)",
                "parameters": [
                    param(
                        "status",
                        {**_states("open or known error"), "enum": sorted(STATUS_FILTERS)},
                    ),
                    *PAGING,
                ],
                "responses": answers("200", "ProblemPage", "403", "422"),
            },
            "post": _write(
                "Create a problem record (staff)",
                "ProblemCreate",
                "Problem",
                "201",
                ("400", "403", "413", "415", "422"),
            ),
        },
        item: {
            "parameters": [_reference("PRB-000001")],
            "get": {
                "summary": "A problem with its incidents and fixing change",
                "responses": answers("200", "Problem", "403", "404"),
            },
            "patch": _write(
                "Root cause, workaround, known error, fixing change, status",
                "ProblemUpdate",
                "Problem",
            ),
        },
        f"{item}/incidents": {"parameters": [_reference("PRB-000001")], "post": link},
    }
