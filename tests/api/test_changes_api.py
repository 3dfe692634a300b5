"""/api/v1/changes: create, list, read, edit, transitions and approvals, per role."""

from __future__ import annotations

from sqlalchemy import func, select

from servicedesk.infra.extensions import db
from servicedesk.models import Change, ChangeApproval, ChangeHistory
from tests.changes.conftest import COMPLETE

BODY = {
    "kind": "normal",
    "title": "Uppgradera ekonomisystemet",
    **{k: v for k, v in COMPLETE.items()},
    "planned_start": "2026-12-03T18:00:00+01:00",
    "planned_end": "2026-12-03T20:00:00+01:00",
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_staff_creates_a_draft_and_reads_it_back(api_as, world, conforms):
    api = api_as(world.org.agent)
    response = api.post(
        "/changes", json={**BODY, "services": [world.finance.id], "owner": world.deputy.id}
    )
    assert response.status_code == 201
    body = conforms(response, "Change")
    assert body["reference"].startswith("CHG-") and body["state"] == "draft"
    assert response.headers["Location"].endswith(f"/api/v1/changes/{body['reference']}")
    assert body["services"] == [{"id": world.finance.id, "name": "Ekonomisystemet"}]
    assert body["owner"]["id"] == world.deputy.id
    assert body["requester"]["id"] == world.org.agent.id
    assert body["planned_start"] == "2026-12-03T17:00:00+00:00"
    assert body["risk_level"] == "medium" and body["cost_one_off"] == 40000
    assert body["approvals"] == [] and body["conflicts"] == {"changes": [], "freezes": []}
    assert [h["field"] for h in body["history"]] == ["created"]
    again = conforms(api.get(f"/changes/{body['reference']}"), "Change")
    assert again == body


def test_list_filters_by_state_kind_and_service_with_a_total(api_as, world, now, conforms):
    org = world.org
    first = world.change(now=now)
    world.change(now=now, kind="emergency")
    world.change(now=now, services=[org.school])
    api = api_as(org.admin)
    page = conforms(api.get("/changes?per_page=2"), "ChangePage")
    assert (page["total"], page["pages"], len(page["items"])) == (3, 2, 2)
    finance_normal = api.get(f"/changes?kind=normal&service={world.finance.id}").get_json()
    assert [c["reference"] for c in finance_normal["items"]] == [first.reference]
    assert api.get("/changes?state=approved").get_json()["total"] == 0
    assert api.get("/changes?state=open").get_json()["total"] == 3
    bad = api.get("/changes?state=nonsense&page=0&colour=red")
    assert bad.status_code == 422
    assert set(conforms(bad, "Error")["error"]["fields"]) == {"state", "page", "colour"}


def test_only_staff_work_with_changes(api_as, world, now, make_user):
    """As on the change pages: managers and employees are refused, whatever the reference."""
    change = world.change(now=now)
    manager = make_user("Chef IT", {"manager"}, world.org.it)
    for user in (world.org.employee, manager):
        api = api_as(user)
        for method, path, body in (
            ("GET", "/changes", None),
            ("GET", f"/changes/{change.reference}", None),
            ("GET", "/changes/CHG-999999", None),
            ("POST", "/changes", BODY),
            ("PATCH", f"/changes/{change.reference}", {"title": "x"}),
            ("POST", f"/changes/{change.reference}/transitions", {"to": "cancelled"}),
            ("POST", f"/changes/{change.reference}/approvals", {"decision": "approve"}),
        ):
            response = api.call(method, path, json=body)
            assert response.status_code == 403, (method, path)
            assert response.get_json()["error"]["code"] == "forbidden"
    db.session.expire_all()
    assert count(Change) == 1 and change.title == "Uppgradera ekonomisystemet"
    assert api_as(world.org.agent).get("/changes/CHG-999999").status_code == 404
    assert api_as(world.org.agent).get("/changes/garbage").status_code == 404


def test_patch_edits_a_draft_and_a_stale_version_is_409(api_as, world, now, conforms):
    change = world.change(now=now)
    api = api_as(world.org.agent)
    read = api.get(f"/changes/{change.reference}").get_json()
    response = api.patch(
        f"/changes/{change.reference}",
        json={"title": "Ny titel", "risk_impact": 4, "version": read["version"]},
    )
    body = conforms(response, "Change")
    assert body["title"] == "Ny titel" and body["risk_level"] == "high"
    assert body["version"] == read["version"] + 1
    assert {"title", "risk_impact"} <= {h["field"] for h in body["history"]}
    stale = api.patch(
        f"/changes/{change.reference}", json={"title": "Gammal", "version": read["version"]}
    )
    assert stale.status_code == 409
    assert conforms(stale, "Error")["error"]["code"] == "stale_version"
    db.session.expire_all()
    assert change.title == "Ny titel"


def test_bad_input_is_refused_and_nothing_changes(api_as, world, now, conforms):
    change = world.change(now=now)
    api = api_as(world.org.agent)
    history = count(ChangeHistory)
    cases = {
        "colour": {"colour": "red"},
        "title": {"title": 5},
        "kind": {"kind": "huge"},
        "risk_impact": {"risk_impact": 5},
        "cost_yearly": {"cost_yearly": -1},
        "planned_start": {"planned_start": "2026-12-03T18:00:00"},  # no offset
        "planned_end": {  # before the start
            "planned_start": "2026-12-03T17:00:00+00:00",
            "planned_end": "2026-12-03T16:00:00+00:00",
        },
        "services": {"services": [999_999]},
        "owner": {"owner": world.org.employee.id},
    }
    for field, body in cases.items():
        for path, method in (("/changes", "POST"), (f"/changes/{change.reference}", "PATCH")):
            data = {"title": "x", **body} if method == "POST" and field != "title" else body
            response = api.call(method, path, json=data)
            assert response.status_code == 422, (field, method)
            assert field in conforms(response, "Error")["error"]["fields"], (field, method)
    assert api.post("/changes", data="{", content_type="application/json").status_code == 400
    db.session.expire_all()
    assert count(Change) == 1 and count(ChangeHistory) == history
    assert change.title == "Uppgradera ekonomisystemet" and change.risk_impact == 2


def test_submit_with_missing_assessment_is_422_naming_the_fields(api_as, world, conforms):
    api = api_as(world.org.agent)
    reference = api.post("/changes", json={"title": "Ny brandvägg"}).get_json()["reference"]
    response = api.post(f"/changes/{reference}/transitions", json={"to": "submitted"})
    assert response.status_code == 422
    fields = conforms(response, "Error")["error"]["fields"]
    assert {"services", "risk_likelihood", "backout_plan", "cost_one_off"} <= set(fields)
    assert api.get(f"/changes/{reference}").get_json()["state"] == "draft"


def test_an_illegal_transition_is_409_and_changes_nothing(api_as, world, now, conforms):
    change = world.change(now=now)
    api = api_as(world.org.agent)
    for target in ("approved", "closed", "awaiting_approval"):
        response = api.post(f"/changes/{change.reference}/transitions", json={"to": target})
        assert response.status_code == 409, target
        assert conforms(response, "Error")["error"]["code"] == "invalid_transition"
    assert (
        api.post(f"/changes/{change.reference}/transitions", json={"to": "flying"}).status_code
        == 422
    )
    db.session.expire_all()
    assert change.state == "draft"


def _to_approval(api, reference: str) -> dict:
    for target in ("submitted", "assessment", "awaiting_approval"):
        response = api.post(f"/changes/{reference}/transitions", json={"to": target})
        assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_approval_by_the_pending_approver_only(api_as, world, now, conforms):
    change = world.change(now=now)
    body = _to_approval(api_as(world.org.agent), change.reference)
    assert body["state"] == "awaiting_approval" and body["transitions"] == ["cancelled"]
    assert [(a["approver"]["id"], a["decision"]) for a in body["approvals"]] == [
        (world.controller.id, "pending")
    ]
    path = f"/changes/{change.reference}/approvals"
    for outsider in (world.org.agent, world.org.admin, world.cab):
        response = api_as(outsider).post(path, json={"decision": "approve"})
        assert response.status_code == 403
    controller = api_as(world.controller)
    assert controller.post(path, json={"decision": "maybe"}).status_code == 422
    response = controller.post(path, json={"decision": "approve", "comment": "Kör."})
    body = conforms(response, "Change")
    assert body["state"] == "approved"
    (approval,) = body["approvals"]
    assert (approval["decision"], approval["comment"]) == ("approved", "Kör.")
    assert approval["decided_at"] and approval["role"] == "service_owner"
    again = controller.post(path, json={"decision": "approve"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "invalid_transition"


def test_a_rejection_needs_a_reason(api_as, world, now, conforms):
    change = world.change(now=now)
    _to_approval(api_as(world.org.agent), change.reference)
    controller = api_as(world.controller)
    path = f"/changes/{change.reference}/approvals"
    response = controller.post(path, json={"decision": "reject"})
    assert "comment" in conforms(response, "Error")["error"]["fields"]
    db.session.expire_all()
    assert db.session.scalar(select(ChangeApproval.decision)) == "pending"
    body = controller.post(path, json={"decision": "reject", "comment": "Fel vecka."}).get_json()
    assert body["state"] == "rejected" and body["approvals"][0]["comment"] == "Fel vecka."


def test_detail_names_overlapping_changes_on_the_same_service(api_as, world, now, conforms):
    first = world.change(now=now)
    second = world.change(now=now, title="Byt databasserver")
    body = conforms(api_as(world.org.agent).get(f"/changes/{first.reference}"), "Change")
    assert [c["reference"] for c in body["conflicts"]["changes"]] == [second.reference]
    assert body["conflicts"]["changes"][0]["planned_start"] == "2026-12-03T17:00:00+00:00"


def test_a_normal_change_is_not_moved_to_approved_by_a_transition(api_as, world, now):
    """Finding 8 of issue 13: 409 invalid_transition as docs/api.md says, and no round opens."""
    from servicedesk.models import ChangeApproval

    change = world.change(now=now)
    change.state = "assessment"
    db.session.commit()
    api = api_as(world.org.agent)
    response = api.post(f"/changes/{change.reference}/transitions", json={"to": "approved"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "invalid_transition"
    db.session.expire_all()
    assert change.state == "assessment"
    assert db.session.query(ChangeApproval).count() == 0
    response = api.post(
        f"/changes/{change.reference}/transitions", json={"to": "awaiting_approval"}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["state"] == "awaiting_approval"


def test_a_standard_change_is_approved_not_sent_for_approval(api_as, world, now):
    change = world.change(now=now, kind="standard")
    change.state = "assessment"
    db.session.commit()
    api = api_as(world.org.agent)
    path = f"/changes/{change.reference}/transitions"
    assert api.post(path, json={"to": "awaiting_approval"}).status_code == 409
    db.session.expire_all()
    assert change.state == "assessment"
    response = api.post(path, json={"to": "approved"})
    assert response.status_code == 200 and response.get_json()["state"] == "approved"
