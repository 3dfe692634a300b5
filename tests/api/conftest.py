"""API fixtures: bearer tokens for the standard org's users and a small JSON client."""

from __future__ import annotations

import pytest

from servicedesk.domain.identity.api_tokens import create_token
from servicedesk.infra.extensions import db


class Api:
    """Calls /api/v1 as one user, with a bearer token and no cookies."""

    def __init__(self, app, secret: str):
        self.client = app.test_client(use_cookies=False)
        self.secret = secret

    def headers(self, extra: dict | None = None) -> dict:
        return {"Authorization": f"Bearer {self.secret}", **(extra or {})}

    def call(self, method: str, path: str, **kw):
        kw["headers"] = self.headers(kw.get("headers"))
        return self.client.open(f"/api/v1{path}", method=method, **kw)

    def get(self, path: str, **kw):
        return self.call("GET", path, **kw)

    def post(self, path: str, **kw):
        return self.call("POST", path, **kw)

    def patch(self, path: str, **kw):
        return self.call("PATCH", path, **kw)


@pytest.fixture
def api_as(app, org, now):
    """api_as(user) -> an Api client acting as that user."""

    def make(user, **kw) -> Api:
        _token, secret = create_token(user, name=kw.pop("name", "test"), now=now, **kw)
        db.session.commit()
        return Api(app, secret)

    return make


@pytest.fixture
def ticket(file_ticket):
    """An employee's e-mail incident in the central queue."""
    return file_ticket()


@pytest.fixture
def conforms(app):
    """conforms(response, "Ticket"): the body validates against the served OpenAPI schema."""
    from jsonschema import Draft202012Validator

    document = app.test_client().get("/api/v1/openapi.json").get_json()

    def check(response, schema_name: str):
        schema = {"$ref": f"#/components/schemas/{schema_name}", **document}
        errors = list(Draft202012Validator(schema).iter_errors(response.get_json()))
        assert not errors, [e.message for e in errors]
        return response.get_json()

    return check


@pytest.fixture
def world(org, make_service, make_user):
    """The change tests' world: a finance system with a systemförvaltare and a CAB member."""
    from tests.changes.conftest import ChangeWorld

    return ChangeWorld(org, make_service, make_user)
