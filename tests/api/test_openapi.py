"""The OpenAPI description matches the API: a valid document, and schemathesis over it.

Schemathesis drives the Flask app in-process (WSGI) with a bounded number of generated
requests per operation and a time budget, and fails on any server error or any response
that does not match the documented schema.
"""

from __future__ import annotations

import io
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES_PER_OPERATION = 20
TIME_BUDGET_SECONDS = 50


def test_document_is_served_without_a_token_and_names_every_route(client, app):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for name in ("Ticket", "Comment", "HistoryEntry", "Error", "Timer"):
        assert name in document["components"]["schemas"]
    documented = {
        ("/api/v1" + path.replace("{", "<").replace("}", ">"), method.upper())
        for path, item in document["paths"].items()
        for method in item
        if method != "parameters"
    }
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi_document":
            path = rule.rule.replace("<int:", "<")
            routed |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routed == documented


def test_document_is_valid_openapi(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12


@pytest.mark.filterwarnings("ignore")
def with_real_ids(operation, known: dict[str, list]):
    """Generated cases, half of them aimed at objects that exist (else nearly all are 404)."""
    names = [p.name for p in operation.path_parameters]
    if not names:
        return operation.as_strategy()

    def aim(pair):
        case, use_real = pair
        for name in names:
            values = known.get(name, [])
            if isinstance(values, dict):  # references: the kind the path is about
                values = values.get(operation.path.split("/")[1], [])
            if use_real and values:
                case.path_parameters[name] = values[use_real % len(values)]
        return case

    return st.tuples(operation.as_strategy(), st.integers(0, 3)).map(aim)


def _changes_and_problems(org, now) -> dict[str, list[str]]:
    """A change touching a service and a problem, so generated calls reach real ones."""
    from servicedesk.domain.changes.problems import create_problem
    from servicedesk.domain.changes.workflow import create_change
    from servicedesk.infra.extensions import db

    change = create_change(org.admin, title="Byt switch", services=[org.email], now=now)
    problem = create_problem(org.admin, title="Nätet tappar", now=now)
    db.session.commit()
    return {"changes": [change.reference], "problems": [problem.reference]}


def _article(org, now) -> str:
    """A published article, so generated calls reach a real one."""
    from servicedesk.domain.kb.articles import ArticleInput, change_state, create_article
    from servicedesk.infra.extensions import db

    article = create_article(org.admin, ArticleInput(title_sv="Byt lösenord"), now=now)
    change_state(article, org.admin, "published", now=now)
    db.session.commit()
    return str(article.id)


def test_schemathesis_finds_no_server_errors_or_schema_violations(
    app, api_as, org, file_ticket, now
):
    admin = api_as(org.admin)
    tickets = [file_ticket(), file_ticket(service=org.care, requester=org.other_employee)]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    upload = admin.post(
        f"/tickets/{tickets[0].reference}/attachments", data={"file": (io.BytesIO(png), "a.png")}
    )
    known = {
        "reference": {
            "tickets": [t.reference for t in tickets],
            **_changes_and_problems(org, now),
        },
        "attachment_id": [upload.get_json()["id"]],
        "article_id": [_article(org, now)],
    }
    headers = admin.headers()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    checks = [
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
        content_type_conformance,
    ]
    started = time.monotonic()
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if time.monotonic() - started > TIME_BUDGET_SECONDS:
            break

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=with_real_ids(operation, known))
        def run(case):
            case.call_and_validate(headers=headers, checks=checks)

        run()
        ran += 1
    assert ran >= 12, f"only {ran} operations ran within the time budget"
