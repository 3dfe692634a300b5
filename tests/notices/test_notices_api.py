"""The notices and major-incident API: active notices, drafts for staff only, field errors
for bad input, and linking rules."""

from __future__ import annotations

from datetime import timedelta

from servicedesk.domain.major.incidents import declare_major
from servicedesk.domain.notices.notices import create_notice
from servicedesk.infra.extensions import db
from tests.notices.helpers import draft, publish


def _body(org, now, **kw):
    body = {
        "kind": "disruption",
        "title": "Skolplattformen är nere",
        "body": "Vi felsöker.",
        "severity": 1,
        "starts_at": (now - timedelta(minutes=5)).isoformat(),
        "ends_at": (now + timedelta(hours=1)).isoformat(),
        "services": [org.school.id],
        "publish": True,
    }
    body.update(kw)
    return body


def test_active_notices_and_drafts_for_staff_only(org, now, api_as, conforms):
    published = publish(org.agent, [org.school], now=now)
    draft_notice = create_notice(org.agent, draft([org.email], now=now), publish=False, now=now)
    db.session.commit()
    employee, agent = api_as(org.employee), api_as(org.agent)
    answer = employee.get("/notices?active=true")
    assert answer.status_code == 200 and conforms(answer, "NoticeList")
    assert [n["id"] for n in answer.get_json()["items"]] == [published.id]
    assert employee.get(f"/notices?active=true&service={org.email.id}").get_json()["items"] == []
    assert [n["id"] for n in employee.get("/notices").get_json()["items"]] == [published.id]
    assert employee.get(f"/notices/{draft_notice.id}").status_code == 404
    assert {n["id"] for n in agent.get("/notices").get_json()["items"]} == {
        published.id,
        draft_notice.id,
    }
    assert agent.get(f"/notices/{draft_notice.id}").get_json()["state"] == "draft"
    assert employee.get("/notices?active=maybe").status_code == 422


def test_writing_a_notice_refuses_bad_input_with_field_errors(org, now, api_as, conforms):
    agent = api_as(org.buf_agent)
    answer = agent.post("/notices", json=_body(org, now, services=[]))
    assert answer.status_code == 422 and "services" in answer.get_json()["error"]["fields"]
    later = (now - timedelta(hours=2)).isoformat()
    answer = agent.post("/notices", json=_body(org, now, ends_at=later))
    assert answer.status_code == 422 and "ends_at" in answer.get_json()["error"]["fields"]
    answer = agent.post("/notices", json=_body(org, now, starts_at="2026-12-01T10:00"))
    assert answer.status_code == 422 and "starts_at" in answer.get_json()["error"]["fields"]
    assert api_as(org.employee).post("/notices", json=_body(org, now)).status_code == 403
    assert api_as(org.soc_agent).post("/notices", json=_body(org, now)).status_code == 403
    assert agent.get("/notices").get_json()["items"] == []  # nothing was written
    created = agent.post("/notices", json=_body(org, now, title="<b>Nere</b> & trasigt"))
    assert created.status_code == 201 and conforms(created, "Notice")
    assert created.get_json()["state"] == "published"
    assert created.get_json()["title"] == "<b>Nere</b> & trasigt"


def test_major_incident_linking_rules(org, now, api_as, file_ticket, conforms):
    major_case = file_ticket(service=org.school)
    child = file_ticket(org.other_employee, service=org.school)
    request = file_ticket(service=org.school, ticket_type="service_request")
    agent = api_as(org.buf_agent)
    declared = agent.post("/major-incidents", json={"ticket": major_case.reference})
    assert declared.status_code == 201 and conforms(declared, "MajorIncident")
    path = f"/major-incidents/{major_case.reference}/children"
    itself = agent.post(path, json={"child": major_case.reference})
    assert itself.status_code == 422 and itself.get_json()["error"]["code"] == "self_link"
    assert itself.get_json()["error"]["fields"] == {
        "child": ["Ett ärende kan inte kopplas till sig självt."]
    }
    not_incident = agent.post(path, json={"child": request.reference})
    assert not_incident.get_json()["error"]["code"] == "not_incident"
    other = file_ticket(service=org.school)
    declare_major(other, org.buf_agent, now=now)
    db.session.commit()
    assert agent.post(path, json={"child": other.reference}).get_json()["error"]["code"] == (
        "child_is_major"
    )
    linked = agent.post(path, json={"child": child.reference})
    assert linked.status_code == 200 and conforms(linked, "MajorIncident")
    assert [c["reference"] for c in linked.get_json()["children"]] == [child.reference]
    # The employee who requested the major case may not see its children, nor link.
    employee = api_as(org.employee)
    assert employee.post(path, json={"child": child.reference}).status_code == 422
    seen = employee.get(f"/major-incidents/{major_case.reference}").get_json()
    assert seen["children"] == [] and seen["child_count"] == 1
    assert api_as(org.soc_agent).get(f"/major-incidents/{major_case.reference}").status_code == 404
    update = agent.post(f"/major-incidents/{major_case.reference}/updates", json={"body": "Nytt."})
    assert update.status_code == 200
    empty = agent.post(f"/major-incidents/{major_case.reference}/updates", json={"body": ""})
    assert empty.status_code == 422
