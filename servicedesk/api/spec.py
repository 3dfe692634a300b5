"""The building blocks every area's OpenAPI schemas and paths are written with.

Each area keeps its own schemas (api/<area>/schemas.py) and paths (api/<area>/paths.py);
api/components.py and api/openapi.py gather them into one document.
"""

from __future__ import annotations

STAMP = {"type": "string", "format": "date-time"}
NULL_STAMP = {"type": ["string", "null"], "format": "date-time"}
ID = {"type": "integer", "minimum": 1}
LEVEL = {"type": "integer", "minimum": 1, "maximum": 3}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(name: str) -> dict:
    return {"oneOf": [ref(name), {"type": "null"}]}


def obj(properties: dict, *, required: list[str] | None = None) -> dict:
    """A closed object: every property listed is required unless `required` says otherwise."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def items_of(name: str) -> dict:
    return obj({"items": {"type": "array", "items": ref(name)}})


def page_of(name: str) -> dict:
    """One page of a list answer: its items and where the page stands in the whole."""
    return obj(
        {
            "items": {"type": "array", "items": ref(name)},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
        }
    )


def enum(values) -> dict:
    return {"type": "string", "enum": [v.value for v in values]}


NAMED = obj({"id": {"type": "integer"}, "name": {"type": "string"}})
PERSON = obj({"id": {"type": "integer"}, "name": {"type": "string"}, "email": {"type": "string"}})

SHARED_SCHEMAS = {
    "Named": NAMED,
    "Person": PERSON,
    "Error": obj(
        {
            "error": obj(
                {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "fields": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                },
                required=["code", "message"],
            )
        }
    ),
}

INT = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
JSON = "application/json"
ERRORS = {
    "400": "Malformed JSON.",
    "401": "No token, or an unknown, expired or revoked one.",
    "403": "The caller may see the resource but not do this.",
    "404": "No such resource, or one the caller may not see.",
    "409": "A stale version or a status change the workflow does not allow.",
    "413": "The body is too large.",
    "415": "The body is not JSON.",
    "422": "Invalid fields; `fields` says which.",
}


def body(schema: dict) -> dict:
    return {"content": {JSON: {"schema": schema}}}


def answers(ok: str, schema: str, *codes: str) -> dict:
    answers = {ok: {"description": "OK", **body(ref(schema))}}
    for code in ("401", *codes):
        answers[code] = {"description": ERRORS[code], **body(ref("Error"))}
    return answers


def param(name: str, schema: dict, where: str = "query", description: str = "") -> dict:
    param = {"name": name, "in": where, "required": where == "path", "schema": schema}
    if description:
        param["description"] = description
    return param
