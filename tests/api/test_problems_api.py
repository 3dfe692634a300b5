"""/api/v1/problems: create, list, read, analysis and status, fixing change, incidents."""

from __future__ import annotations

from sqlalchemy import func, select

from servicedesk.infra.extensions import db
from servicedesk.models import Problem, ProblemTicket


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _create(api, title="Inloggningen tappas") -> dict:
    response = api.post("/problems", json={"title": title, "description": "Varje morgon."})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_read_and_list_with_filters(api_as, org, conforms):
    api = api_as(org.agent)
    response = api.post("/problems", json={"title": "Inloggningen tappas"})
    body = conforms(response, "Problem")
    assert body["reference"].startswith("PRB-") and body["status"] == "open"
    assert response.headers["Location"].endswith(f"/api/v1/problems/{body['reference']}")
    assert body["owner"]["id"] == org.agent.id and body["incidents"] == []
    assert conforms(api.get(f"/problems/{body['reference']}"), "Problem") == body
    _create(api, "Skrivarkö fastnar")
    page = conforms(api.get("/problems?per_page=1"), "ProblemPage")
    assert (page["total"], page["pages"], len(page["items"])) == (2, 2, 1)
    assert api.get("/problems?status=open").get_json()["total"] == 2
    assert api.get("/problems?status=resolved").get_json()["total"] == 0
    bad = api.get("/problems?status=sleeping")
    assert bad.status_code == 422 and "status" in conforms(bad, "Error")["error"]["fields"]


def test_only_staff_work_with_problems(api_as, org, make_user):
    reference = _create(api_as(org.agent))["reference"]
    manager = make_user("Chef IT", {"manager"}, org.it)
    for user in (org.employee, manager):
        api = api_as(user)
        for method, path, body in (
            ("GET", "/problems", None),
            ("GET", f"/problems/{reference}", None),
            ("GET", "/problems/PRB-999999", None),
            ("POST", "/problems", {"title": "x"}),
            ("PATCH", f"/problems/{reference}", {"root_cause": "x"}),
            ("POST", f"/problems/{reference}/incidents", {"ticket": "INC-000001"}),
        ):
            response = api.call(method, path, json=body)
            assert response.status_code == 403, (method, path)
    assert count(Problem) == 1
    assert api_as(org.admin).get("/problems/PRB-999999").status_code == 404
    assert api_as(org.admin).get("/problems/PRB-²").status_code == 404


def test_analysis_known_error_resolve_and_close(api_as, org, conforms):
    api = api_as(org.agent)
    path = f"/problems/{_create(api)['reference']}"
    body = conforms(api.patch(path, json={"root_cause": "Certifikatet har gått ut"}), "Problem")
    assert body["root_cause"] == "Certifikatet har gått ut" and body["status"] == "open"
    body = api.patch(
        path, json={"workaround": "Logga in igen", "status": "known_error", "version": 2}
    ).get_json()
    assert (body["known_error"], body["status"]) == (True, "known_error")
    assert body["root_cause"] == "Certifikatet har gått ut"
    body = conforms(api.patch(path, json={"status": "resolved"}), "Problem")
    assert body["status"] == "resolved" and body["resolved_at"]
    reopen = api.patch(path, json={"status": "open"})
    assert reopen.status_code == 409 and reopen.get_json()["error"]["code"] == "invalid_transition"
    assert api.patch(path, json={"status": "closed"}).get_json()["status"] == "closed"


def test_bad_input_and_stale_versions_change_nothing(api_as, org, conforms):
    api = api_as(org.agent)
    path = f"/problems/{_create(api)['reference']}"
    cases = {
        "workaround": {"known_error": True},  # a known error needs a workaround
        "root_cause": {"status": "resolved"},  # resolving needs the root cause
        "known_error": {"known_error": "yes"},
        "status": {"status": "sleeping"},
        "fix_change": {"fix_change": "CHG-999999"},
        "colour": {"colour": "red"},
    }
    for field, body in cases.items():
        response = api.patch(path, json=body)
        assert response.status_code == 422, field
        assert field in conforms(response, "Error")["error"]["fields"], field
    closing = api.patch(path, json={"status": "closed"})
    assert closing.status_code == 409
    stale = api.patch(path, json={"root_cause": "x", "version": 99})
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "stale_version"
    body = api.get(path).get_json()
    assert (body["status"], body["root_cause"], body["version"]) == ("open", "", 1)
    assert api.post("/problems", json={"title": "   "}).status_code == 422
    assert count(Problem) == 1


def test_link_the_fixing_change(api_as, world, now, conforms):
    change = world.change(now=now)
    api = api_as(world.org.agent)
    path = f"/problems/{_create(api)['reference']}"
    body = conforms(api.patch(path, json={"fix_change": change.reference}), "Problem")
    assert body["fix_change"] == {
        "reference": change.reference,
        "title": change.title,
        "state": "draft",
    }
    assert api.patch(path, json={"fix_change": None}).get_json()["fix_change"] is None


def test_link_incidents_the_caller_can_see(api_as, org, file_ticket, conforms):
    mine = file_ticket()
    care = file_ticket(requester=org.other_employee, service=org.care)
    api = api_as(org.agent)
    path = f"/problems/{_create(api)['reference']}/incidents"
    response = api.post(path, json={"ticket": mine.reference})
    assert response.status_code == 201
    body = conforms(response, "Problem")
    assert body["incidents"] == [
        {"reference": mine.reference, "visible": True, "title": mine.title, "status": "new"}
    ]
    assert api.post(path, json={"ticket": mine.reference}).status_code == 200
    for hidden in (care.reference, "INC-999999", "nonsense"):
        response = api.post(path, json={"ticket": hidden})
        assert response.status_code == 404, hidden
        assert response.get_json()["error"]["code"] == "not_found"
    assert count(ProblemTicket) == 1
    assert api.post(path, json={"ticket": 123}).status_code == 422
    soc = api_as(org.soc_agent)
    soc.post(path, json={"ticket": care.reference})
    shown = api.get(path.removesuffix("/incidents")).get_json()["incidents"]
    assert shown[1] == {
        "reference": care.reference,
        "visible": False,
        "title": None,
        "status": None,
    }
