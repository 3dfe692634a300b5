"""The access API: the flow through JSON, stable error codes, nothing changed on refusal,
and visibility on every list."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from servicedesk.domain.access import requests, reviews, tasks
from servicedesk.infra.extensions import db
from servicedesk.models import AccessDecision, AccessTask


def _body(access, **kw):
    return {
        "service": access.org.care.id,
        "role": access.handler.id,
        "reason": "Ny som biståndshandläggare",
        "valid_from": "2026-12-01",
        **kw,
    }


def test_request_decide_and_read_the_register(access, api_as, conforms, now):
    org = access.org
    employee = api_as(org.other_employee)
    created = employee.post("/access-requests", json=_body(access, valid_to="2027-06-30"))
    assert created.status_code == 201, created.get_json()
    conforms(created, "AccessRequest")
    data = created.get_json()
    ref = data["reference"]
    assert ref.startswith("BEH-") and data["current_step"] == "manager"
    assert data["person"]["id"] == org.other_employee.id

    manager = api_as(access.manager)
    inbox = manager.get("/access-requests?state=pending").get_json()
    assert [r["reference"] for r in inbox["items"]] == [ref]
    decided = manager.post(
        f"/access-requests/{ref}/decisions", json={"decision": "approve", "reason": "Behövs"}
    )
    assert decided.status_code == 200 and decided.get_json()["current_step"] == "administrator"
    vera = api_as(access.administrator)
    done = vera.post(
        f"/access-requests/{ref}/decisions", json={"decision": "approve", "reason": "OK"}
    )
    conforms(done, "AccessRequest")
    body = done.get_json()
    assert body["state"] == "approved"
    assert [(d["step"], d["approver"]["id"], d["reason"]) for d in body["decisions"]] == [
        ("manager", access.manager.id, "Behövs"),
        ("administrator", access.administrator.id, "OK"),
    ]
    task = db.session.scalar(select(AccessTask))
    tasks.complete_task(task, org.soc_agent, now=now)
    db.session.commit()

    grants = vera.get(f"/access-grants?user={org.other_employee.id}&service={org.care.id}")
    conforms(grants, "AccessGrantPage")
    [line] = grants.get_json()["items"]
    assert line["role"]["name"] == "Handläggare" and line["valid_to"] == "2027-06-30"
    assert line["request"] == ref and line["decided_by"]["id"] == access.administrator.id
    # Nobody outside the person, their manager and the system's own people sees it.
    for outsider in (org.employee, org.agent, org.buf_agent):
        assert api_as(outsider).get("/access-grants").get_json()["total"] == 0
        assert api_as(outsider).get("/access-requests").get_json()["total"] == 0
        assert api_as(outsider).get(f"/access-requests/{ref}").status_code == 404

    [review] = reviews.open_due_reviews(now=now)
    db.session.commit()
    listed = vera.get("/access-reviews?state=open")
    conforms(listed, "AccessReviewPage")
    assert [r["id"] for r in listed.get_json()["items"]] == [review.id]
    assert api_as(org.other_employee).get("/access-reviews").get_json()["total"] == 0
    stranger = api_as(org.soc_agent).post(
        f"/access-reviews/{review.id}/answers", json={"grant": line["id"], "answer": "keep"}
    )
    assert stranger.status_code == 404  # the queue's agent does not see the review
    answered = vera.post(
        f"/access-reviews/{review.id}/answers", json={"grant": line["id"], "answer": "keep"}
    )
    conforms(answered, "AccessReview")
    assert answered.get_json()["state"] == "done"
    assert answered.get_json()["lines"][0]["answer"] == "keep"


def _decisions() -> int:
    return db.session.scalar(select(func.count()).select_from(AccessDecision))


def test_bad_input_has_stable_codes_and_changes_nothing(access, api_as, make_user):
    org = access.org
    employee = api_as(org.other_employee)
    cases = [
        (_body(access, valid_from="2026-12-10", valid_to="2026-12-09"), 422, "end_before_start"),
        (_body(access, service=org.school.id), 422, "role_not_offered"),
        (_body(access, person=org.employee.id), 403, "not_your_unit"),
        (_body(access, valid_from="10/12/2026"), 422, "validation_failed"),
        (_body(access, role=access.handler.id, extra=1), 422, "validation_failed"),
    ]
    for body, status, code in cases:
        answer = employee.post("/access-requests", json=body)
        assert (answer.status_code, answer.get_json()["error"]["code"]) == (status, code), body
    assert employee.get("/access-requests").get_json()["total"] == 0

    ref = employee.post("/access-requests", json=_body(access)).get_json()["reference"]
    approve = {"decision": "approve", "reason": "ja"}
    own = employee.post(f"/access-requests/{ref}/decisions", json=approve)
    assert (own.status_code, own.get_json()["error"]["code"]) == (403, "own_request")
    early = api_as(access.administrator).post(f"/access-requests/{ref}/decisions", json=approve)
    assert (early.status_code, early.get_json()["error"]["code"]) == (403, "not_approver")
    assert _decisions() == 0
    manager = api_as(access.manager)
    assert manager.post(f"/access-requests/{ref}/decisions", json=approve).status_code == 200
    twice = manager.post(f"/access-requests/{ref}/decisions", json=approve)
    assert twice.status_code == 403
    assert twice.get_json()["error"]["code"] in ("not_approver", "already_decided")
    assert _decisions() == 1
    no_reason = api_as(access.administrator).post(
        f"/access-requests/{ref}/decisions", json={"decision": "reject", "reason": ""}
    )
    assert no_reason.status_code == 422 and _decisions() == 1
    missing = manager.post("/access-requests/BEH-999999/decisions", json=approve)
    assert missing.status_code == 404


def test_a_withdrawn_request_cannot_be_approved(access, api_as, now):
    from servicedesk.domain.access.requests import request_by_reference, withdraw_request

    org = access.org
    ref = (
        api_as(org.other_employee)
        .post("/access-requests", json=_body(access))
        .get_json()["reference"]
    )
    request = request_by_reference(org.other_employee, ref)
    withdraw_request(request, org.other_employee, now=now)
    db.session.commit()
    answer = api_as(access.manager).post(
        f"/access-requests/{ref}/decisions", json={"decision": "approve", "reason": "ja"}
    )
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (409, "request_withdrawn")
    assert _decisions() == 0
    assert date.fromisoformat(
        api_as(org.other_employee).get(f"/access-requests/{ref}").get_json()["valid_from"]
    ) == date(2026, 12, 1)


def test_the_task_case_is_resolved_through_the_tickets_api_and_an_admin_answers(
    access, api_as, ask, now
):
    org = access.org
    request = ask()
    requests.decide(request, access.manager, "approved", reason="Behövs", now=now)
    requests.decide(request, access.administrator, "approved", reason="OK", now=now)
    db.session.commit()
    task = db.session.scalar(select(AccessTask))
    path = f"/tickets/{task.ticket.reference}"
    agent = api_as(org.soc_agent)
    listed = agent.get(f"/tickets?queue={org.soc_queue.id}").get_json()["items"]
    assert task.ticket.reference in [t["reference"] for t in listed]
    assert api_as(org.other_employee).get(path).status_code == 404  # the agents' work only
    resolve = {
        "status": "resolved",
        "solution": "Upplagd.",
        "closure_code": "solved_by_second_line",
    }
    assert agent.patch(path, json=resolve).status_code == 200
    grants = api_as(access.administrator).get(f"/access-grants?user={org.other_employee.id}")
    [line] = grants.get_json()["items"]
    assert line["request"] == request.reference and line["granted_by"]["id"] == org.soc_agent.id

    [review] = reviews.open_due_reviews(now=now)
    db.session.commit()
    answered = api_as(org.admin).post(
        f"/access-reviews/{review.id}/answers", json={"grant": line["id"], "answer": "keep"}
    )
    assert answered.status_code == 200
    assert answered.get_json()["lines"][0]["answered_by"]["id"] == org.admin.id
