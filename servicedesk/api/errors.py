"""API errors and request parsing: one JSON error shape, bad input never reaches the domain.

Request bodies are checked against the request schemas of the OpenAPI document itself, so
what the description promises and what the API accepts cannot drift apart.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime

from flask import jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jsonschema import Draft202012Validator, validators

from servicedesk.api.components import COMPONENTS
from servicedesk.domain.bounds import in_time_range
from servicedesk.domain.errors import DomainError
from servicedesk.infra.extensions import db
from servicedesk.models.base import as_utc

JSON_MAX_BYTES = 256 * 1024


class ApiError(DomainError):
    """An error answered as JSON with a status and, for bad input, the fields at fault."""

    def __init__(self, status: int, code: str, message, fields: dict | None = None):
        super().__init__(message, code=code)
        self.status = status
        self.fields = fields or {}


def error_response(status: int, code: str, message, fields: dict | None = None):
    body: dict = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = {k: [str(m) for m in v] for k, v in fields.items()}
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="servicedesk"'
    return response


def handle_domain_error(error: DomainError):
    """Blueprint handler: every refusal from the domain or the API in the one shape."""
    db.session.rollback()
    fields = getattr(error, "fields", None)
    if not fields and error.field:
        fields = {error.field: [error.message]}
    return error_response(error.status, error.code, error.message, fields)


def invalid(fields: dict[str, list]) -> ApiError:
    return ApiError(422, "validation_failed", _l("Some fields are not valid."), fields)


# JSON Schema counts 1.0 as an integer; the domain wants a real int, so 1.0 is refused.
StrictValidator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: type(value) is int
    ),
)


@functools.cache
def _validator(schema_name: str):
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": COMPONENTS}
    return StrictValidator(schema)


def _message(error) -> str:
    kind = error.validator
    if kind == "required":
        return _("This field is required.")
    if kind in ("additionalProperties", "unevaluatedProperties"):
        return _("Unknown field.")
    if kind == "type":
        return _("Wrong type: expected %(type)s.", type=error.validator_value)
    if kind == "enum":
        values = ", ".join(str(v) for v in error.validator_value)
        return _("Not one of the allowed values: %(values)s.", values=values)
    if kind in ("minLength", "maxLength", "minimum", "maximum", "minProperties"):
        return _("The value is out of range.")
    return _("The value is not valid.")


def _field_names(error) -> list[str]:
    path = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "required":
        missing = [n for n in error.validator_value if n not in (error.instance or {})]
        return [f"{path}.{n}" if path else n for n in missing]
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = [n for n in error.instance if n not in allowed]
        return [f"{path}.{n}" if path else n for n in extra]
    return [path or "body"]


def validation_fields(schema_name: str, data) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in _validator(schema_name).iter_errors(data):
        for name in _field_names(error):
            fields.setdefault(name, []).append(_message(error))
    return fields


def json_body(schema_name: str) -> dict:
    """The request's JSON object, checked against a request schema of the API description."""
    length = request.content_length
    if length is not None and length > JSON_MAX_BYTES:
        raise ApiError(413, "too_large", _l("The request body is too large."))
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", _l("Send the body as application/json."))
    raw = request.get_data(cache=True)
    if len(raw) > JSON_MAX_BYTES:
        raise ApiError(413, "too_large", _l("The request body is too large."))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # also absurd nesting
        raise ApiError(400, "malformed_json", _l("The body is not valid JSON.")) from exc
    fields = nul_fields(data) or validation_fields(schema_name, data)
    if fields:
        raise invalid(fields)
    return data


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
INT64 = 2**63 - 1


def nul_fields(data, path: str = "") -> dict[str, list[str]]:
    """Values no database column can hold, found anywhere in a body: bad input, not a 500.

    Strings with NUL (PostgreSQL text cannot hold it) or a lone surrogate ("\\ud800" is
    valid JSON but no valid text), and whole numbers beyond 64 bits (SQLite binds at most
    64), in objects and lists alike, keys included."""
    if isinstance(data, str):
        return {path or "body": [_("The value is not valid.")]} if _UNSTORABLE.search(data) else {}
    if isinstance(data, int) and not isinstance(data, bool):
        return {path or "body": [_("The value is out of range.")]} if abs(data) > INT64 else {}
    if isinstance(data, dict):
        items = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    else:
        return {}
    fields: dict[str, list[str]] = {}
    for key, value in items:
        name = _UNSTORABLE.sub("\ufffd", str(key))
        where = f"{path}.{name}" if path else name
        if isinstance(key, str) and _UNSTORABLE.search(key):
            fields[where] = [_("The value is not valid.")]
        fields |= nul_fields(value, where)
    return fields


def parse_timestamp(value: str | None, field: str) -> datetime | None:
    """ISO 8601 with an offset (or Z); naive times are refused as ambiguous, and so are
    times before 1990 or from 2100 (a typo like "0202-06-01", not a real time)."""
    if value is None:
        return None
    message = _("Give an ISO 8601 time with an offset.")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        if parsed.tzinfo is None:
            raise invalid({field: [message]})
        parsed = as_utc(parsed)
    except (ValueError, OverflowError) as exc:  # year 1 at +01:00 overflows in UTC
        raise invalid({field: [message]}) from exc
    if not in_time_range(parsed):
        raise invalid({field: [_("Give a time from 1990-01-01 up to 2100.")]})
    return parsed
