"""Bad input of every kind: the JSON error shape, the right 4xx, and nothing changed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from servicedesk.infra.extensions import db
from servicedesk.models import Comment, Ticket, TicketHistory

VALID = {"title": "Skrivaren", "description": "Trasig"}


def counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Ticket, Comment, TicketHistory)
    )


def error_of(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    return error


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"description": "x"}, "title"),  # missing
        ({**VALID, "title": 5}, "title"),  # wrong type
        ({**VALID, "impact": "high"}, "impact"),
        ({**VALID, "impact": 7}, "impact"),  # out of range
        ({**VALID, "type": "problem"}, "type"),  # invalid enum
        ({**VALID, "channel": "fax"}, "channel"),
        ({**VALID, "colour": "red"}, "colour"),  # unknown field
        ({**VALID, "title": "x" * 201}, "title"),
        ({**VALID, "title": "   "}, "title"),  # blank after trimming
        ({**VALID, "service": 99999}, "service"),  # no such service
        ({**VALID, "service": "1"}, "service"),
    ],
)
def test_create_rejects_bad_fields(api_as, org, payload, field):
    before = counts()
    error = error_of(api_as(org.agent).post("/tickets", json=payload), 422, "validation_failed")
    assert field in error["fields"]
    assert counts() == before


def test_malformed_json_is_400(api_as, org):
    api = api_as(org.agent)
    response = api.post("/tickets", data="{not json", headers={"Content-Type": "application/json"})
    error_of(response, 400, "malformed_json")
    deep = "[" * 50_000 + "]" * 50_000
    response = api.post("/tickets", data=deep, headers={"Content-Type": "application/json"})
    error_of(response, 400, "malformed_json")
    bad_utf8 = api.post("/tickets", data=b"\xff\xfe", headers={"Content-Type": "application/json"})
    error_of(bad_utf8, 400, "malformed_json")
    error_of(api.post("/tickets", data="title=x"), 415, "unsupported_media_type")
    error = error_of(api.post("/tickets", json=[1, 2]), 422, "validation_failed")
    assert "body" in error["fields"]
    assert counts()[0] == 0


def test_oversized_json_is_413(api_as, org):
    response = api_as(org.agent).post("/tickets", json={"title": "x", "description": "y" * 300_000})
    error_of(response, 413, "too_large")
    assert counts()[0] == 0


def test_patch_rejects_bad_input_and_changes_nothing(api_as, org, ticket):
    api = api_as(org.agent)
    path = f"/tickets/{ticket.reference}"
    before = counts()
    for payload, field in [
        ({"status": "done"}, "status"),
        ({"impact": 0}, "impact"),
        ({"assignee": "bo"}, "assignee"),
        ({"assignee": 999999}, "assignee"),
        ({"queue": 999999, "reason": "x"}, "queue"),
        ({"reason": "x"}, "queue"),
        ({"pending_reason": "requester"}, "status"),
        ({"status": "pending"}, "pending_reason"),
        ({"status": "pending", "pending_reason": "weather"}, "pending_reason"),
        ({"version": "1"}, "version"),
        ({"owner": 1}, "owner"),
        ({"impact": 1, "title": ""}, "title"),
    ]:
        error = error_of(api.patch(path, json=payload), 422, "validation_failed")
        assert field in error["fields"], payload
    db.session.expire_all()
    assert counts() == before
    fresh = db.session.get(Ticket, ticket.id)
    assert (fresh.impact, fresh.status, fresh.version) == (3, "new", ticket.version)


def test_a_failing_part_rolls_back_the_whole_patch(api_as, org, ticket):
    """Impact would be valid, but the status change is not: nothing of the PATCH stays."""
    response = api_as(org.agent).patch(
        f"/tickets/{ticket.reference}", json={"impact": 1, "status": "closed"}
    )
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).impact == 3


def test_list_rejects_bad_query_parameters(api_as, org):
    api = api_as(org.agent)
    for query, field in [
        ("page=0", "page"),
        ("per_page=1000", "per_page"),
        ("priority=x", "priority"),
        ("status=done", "status"),
        ("breached=yes", "breached"),
        ("assignee=bo", "assignee"),
        ("sort=random", "sort"),
        ("colour=red", "colour"),
    ]:
        error = error_of(api.get(f"/tickets?{query}"), 422, "validation_failed")
        assert field in error["fields"], query


def test_unknown_routes_and_methods_answer_json(api_as, org, ticket):
    api = api_as(org.agent)
    error_of(api.get("/nothing-here"), 404, "not_found")
    error_of(api.call("DELETE", f"/tickets/{ticket.reference}"), 405, "method_not_allowed")
    error_of(api.post(f"/tickets/{ticket.reference}/comments", json={}), 422, "validation_failed")
    error_of(api.post("/tickets/INC-424242/comments", json={"body": "x"}), 404, "not_found")


def test_comment_on_a_closed_ticket_is_409(api_as, org, ticket):
    api = api_as(org.agent)
    path = f"/tickets/{ticket.reference}"
    resolve = {"status": "resolved", "solution": "Klart.", "closure_code": "solved_by_desk"}
    assert api.patch(path, json=resolve).status_code == 200
    api.patch(path, json={"status": "closed"})
    before = counts()
    error_of(api.post(f"{path}/comments", json={"body": "x"}), 409, "invalid_transition")
    assert counts() == before


def test_out_of_range_and_odd_identifiers_are_404_or_422_never_500(api_as, org, ticket):
    api = api_as(org.agent)
    for reference in ("INC-99999999999999999999", "INC-²", "REQ-", "INC-0000012345678901"):
        error_of(api.get(f"/tickets/{reference}"), 404, "not_found")
    assert api.get("/tickets?q=INC-99999999999999999999").get_json()["total"] == 0
    error_of(api.get("/attachments/99999999999999999999"), 404, "not_found")
    error_of(api.get("/tickets?assignee=²"), 422, "validation_failed")
    error_of(api.get("/tickets?queue=99999999999"), 422, "validation_failed")


def test_nul_characters_are_refused_not_stored(api_as, org, ticket):
    """PostgreSQL cannot store NUL in text; the API refuses it as bad input (422)."""
    api = api_as(org.agent)
    before = counts()
    error = error_of(
        api.post("/tickets", json={"title": "a\u0000b", "description": "x"}),
        422,
        "validation_failed",
    )
    assert "title" in error["fields"]
    path = f"/tickets/{ticket.reference}/comments"
    error_of(api.post(path, json={"body": "\u0000"}), 422, "validation_failed")
    error_of(api.get("/tickets?q=a%00b"), 422, "validation_failed")
    assert counts() == before
