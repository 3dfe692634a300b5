"""Finding 16 of issue 13: numbers beyond 64 bits and lone surrogates are bad input at the
edge (404 or 422), never a 500, on every route that takes an id and every list that takes
a page or a filter."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from servicedesk.infra.extensions import db
from servicedesk.models import Comment, Ticket

HUGE = "99999999999999999999999"
SKIP_METHODS = {"HEAD", "OPTIONS"}


def _path(rule) -> str:
    """The rule with every int argument huge and every other argument a harmless word."""

    def value(match):
        converter = match.group(1) or "default"
        return HUGE if converter == "int" else "x"

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>", value, rule.rule)


def _int_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
    ]


def test_every_route_with_an_id_answers_404_for_a_huge_number(app, client, auth, org, api_as):
    app.config["WTF_CSRF_ENABLED"] = False  # let the POSTs reach the views
    rules = _int_rules(app)
    assert len(rules) > 30, "the walk must cover the routes that take an id"
    auth.login(org.admin)
    api = api_as(org.admin)
    failures = []
    for rule in rules:
        path = _path(rule)
        for method in sorted(rule.methods - SKIP_METHODS):
            if path.startswith("/api/"):
                response = api.call(method, path.removeprefix("/api/v1"))
            else:
                response = client.open(path, method=method)
            if response.status_code != 404:
                failures.append((method, path, response.status_code))
    assert failures == []


@pytest.mark.parametrize(
    "query",
    [
        f"page={HUGE}",
        f"queue={HUGE}",
        f"service={HUGE}",
        f"priority={HUGE}",
        "page=-99999999999999999999",
        "queue=１２",  # full-width digits: int() takes them, the id columns do not
    ],
)
def test_desk_list_takes_any_number_in_its_query(client, auth, org, file_ticket, query):
    file_ticket()
    auth.login(org.agent)
    response = client.get(f"/desk/tickets?{query}")
    assert response.status_code == 200
    assert "Kan inte logga in" in response.text or "page" in query


def test_portal_and_change_pages_take_huge_numbers(client, auth, org):
    auth.login(org.admin)
    for path in (
        f"/portal/?page={HUGE}",
        f"/changes/?service={HUGE}&page={HUGE}",
        f"/changes/calendar?service={HUGE}&unit={HUGE}&date=0001-01-01",
        "/changes/calendar?date=9999-12-31&view=week",
    ):
        assert client.get(path).status_code in (200, 302), path


def test_report_drill_down_key_beyond_an_id_is_404(client, auth, org):
    auth.login(org.admin)
    base = "/reports/tickets?measure=incoming&dim=queue&key="
    assert client.get(base + HUGE).status_code == 404
    assert client.get(base + "-" + HUGE).status_code == 404
    assert client.get(base + str(org.central.id)).status_code == 200


def _raw(api, method, path, text: str):
    return api.call(method, path, data=text, headers={"Content-Type": "application/json"})


def test_lone_surrogates_are_422_on_create_comment_and_patch(api_as, org, ticket):
    api = api_as(org.agent)
    lone = json.dumps("fel \ud800 tecken")  # valid JSON text: "fel \\ud800 tecken"
    created = _raw(api, "POST", "/tickets", f'{{"title": {lone}, "description": "x"}}')
    assert created.status_code == 422
    assert set(created.get_json()["error"]["fields"]) == {"title"}
    comment = _raw(api, "POST", f"/tickets/{ticket.reference}/comments", f'{{"body": {lone}}}')
    assert comment.status_code == 422 and "body" in comment.get_json()["error"]["fields"]
    patch = _raw(api, "PATCH", f"/tickets/{ticket.reference}", f'{{"title": {lone}}}')
    assert patch.status_code == 422 and "title" in patch.get_json()["error"]["fields"]
    key = _raw(api, "PATCH", f"/tickets/{ticket.reference}", f"{{{lone}: 1}}")
    assert key.status_code == 422
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 1
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0
    assert db.session.get(Ticket, ticket.id).title == "Kan inte logga in"


def test_numbers_beyond_64_bits_in_a_body_are_422(api_as, org, ticket):
    api = api_as(org.agent)
    response = _raw(api, "PATCH", f"/tickets/{ticket.reference}", f'{{"queue": {HUGE}}}')
    assert response.status_code == 422 and "queue" in response.get_json()["error"]["fields"]
    response = _raw(api, "POST", "/tickets", f'{{"title": "a", "description": "b", "x": [{HUGE}]}}')
    assert response.status_code == 422
