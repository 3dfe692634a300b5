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


def test_patch_publish_and_resolve_a_notice_mail_followers_once_each(
    org, now, api_as, conforms, make_user
):
    from servicedesk.domain.notices.subscriptions import follow
    from tests.notices.helpers import mails

    follower = make_user("Fia Följare", unit=org.buf)
    follow(follower, org.school, now=now)
    db.session.commit()
    agent = api_as(org.buf_agent)
    created = agent.post("/notices", json=_body(org, now, publish=False)).get_json()
    path = f"/notices/{created['id']}"
    assert mails("notice_event") == []  # a draft tells no one
    # Bad input: a notice without a service, an end before its start; nothing changes.
    answer = agent.patch(path, json={"services": []})
    assert answer.status_code == 422 and "services" in answer.get_json()["error"]["fields"]
    earlier = (now - timedelta(hours=3)).isoformat()
    answer = agent.patch(path, json={"ends_at": earlier})
    assert answer.status_code == 422 and "ends_at" in answer.get_json()["error"]["fields"]
    assert agent.patch(path, json={"colour": "red"}).status_code == 422
    assert agent.get(path).get_json() == created
    # Others may not change it: an employee does not even see the draft; another queue's
    # agent is refused.
    assert api_as(org.employee).patch(path, json={"title": "X"}).status_code == 404
    assert api_as(org.soc_agent).patch(path, json={"title": "X"}).status_code == 403
    published = agent.patch(path, json={"title": "Skolplattformen är nere igen", "publish": True})
    assert published.status_code == 200 and conforms(published, "Notice")
    body = published.get_json()
    assert body["state"] == "published" and body["title"] == "Skolplattformen är nere igen"
    assert body["body"] == created["body"]  # fields not given are kept
    assert [m.to_address for m in mails("notice_event")] == [follower.email]
    agent.patch(path, json={"body": "Leverantören felsöker."})
    assert len(mails("notice_event")) == 2
    resolved = agent.post(f"{path}/resolve", json={"text": "Allt fungerar igen."})
    assert resolved.status_code == 200 and conforms(resolved, "Notice")
    assert resolved.get_json()["kind"] == "resolved" and resolved.get_json()["resolved_at"]
    assert resolved.get_json()["body"].endswith("Allt fungerar igen.")
    assert len(mails("notice_event")) == 3
    assert api_as(org.employee).get("/notices?active=true").get_json()["items"] == []
    again = agent.post(f"{path}/resolve", json={})
    assert again.status_code == 409 and len(mails("notice_event")) == 3
    assert agent.patch(path, json={"title": "Y"}).status_code == 409


def test_thresholds_api_for_admins_and_the_queue_lead(org, now, api_as, conforms):
    org.buf_queue.lead = org.buf_agent
    db.session.commit()
    path = f"/major-thresholds/{org.school.id}"
    lead, admin = api_as(org.buf_agent), api_as(org.admin)
    assert lead.get(path).status_code == 404  # none set yet
    answer = lead.call("PUT", path, json={"count": 1, "minutes": 15})
    assert answer.status_code == 422 and "count" in answer.get_json()["error"]["fields"]
    answer = lead.call("PUT", path, json={"count": 3, "minutes": 5000})
    assert answer.status_code == 422 and "minutes" in answer.get_json()["error"]["fields"]
    assert lead.get(path).status_code == 404  # nothing was written
    saved = lead.call("PUT", path, json={"count": 3, "minutes": 15})
    assert saved.status_code == 200 and conforms(saved, "MajorThreshold")
    assert (saved.get_json()["count"], saved.get_json()["minutes"]) == (3, 15)
    assert lead.get(path).get_json()["service"]["id"] == org.school.id
    listed = lead.get("/major-thresholds")
    assert conforms(listed, "MajorThresholdList")
    assert [t["service"]["id"] for t in listed.get_json()["items"]] == [org.school.id]
    assert admin.call("PUT", path, json={"count": 4, "minutes": 30}).get_json()["count"] == 4
    assert len(admin.get("/major-thresholds").get_json()["items"]) == 1
    # Not the lead of that queue, or no staff at all: refused, nothing changed.
    for other in (org.soc_agent, org.agent, org.employee):
        assert api_as(other).call("PUT", path, json={"count": 9, "minutes": 9}).status_code == 403
        assert api_as(other).get(path).status_code == 403
    assert api_as(org.soc_agent).get("/major-thresholds").status_code == 403
    assert admin.get(f"/major-thresholds/{10**6}").status_code == 404
    assert lead.get(path).get_json()["count"] == 4
