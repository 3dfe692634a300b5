"""GET /api/v1/search: the page's search as JSON, with the same visibility and any text."""

from __future__ import annotations

from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db


def _ids(body):
    return [hit["id"] for group in body["groups"] for hit in group["items"]]


def test_staff_find_by_description_with_a_marked_snippet(org, api_as, file_ticket, conforms):
    ticket = file_ticket(
        service=org.email, title="Skola24", description="Schemat visas inte för 7B."
    )
    response = api_as(org.agent).get("/search?q=schemat")
    assert response.status_code == 200
    conforms(response, "SearchResult")
    body = response.get_json()
    assert body["direct"] is None and body["total"] == 1
    hit = body["groups"][0]["items"][0]
    assert (hit["kind"], hit["id"], hit["reference"]) == ("ticket", ticket.id, ticket.reference)
    assert hit["snippet"].startswith("<mark>Schemat</mark> visas inte")
    assert hit["snippet_source"] == "body"


def test_a_reference_is_direct(org, api_as, file_ticket, conforms):
    ticket = file_ticket(service=org.email)
    for typed in (str(ticket.id), f"inc-{ticket.id}"):
        response = api_as(org.agent).get(f"/search?q={typed}")
        conforms(response, "SearchResult")
        assert response.get_json()["direct"]["reference"] == ticket.reference


def test_permissions_an_employee_finds_own_cases_never_notes_nor_others(
    org, api_as, file_ticket, now
):
    own = file_ticket(service=org.email, title="Skrivaren hackar")
    add_comment(own, org.agent, "Skrivaren har fel firmware.", internal=True, now=now)
    other = file_ticket(requester=org.other_employee, service=org.email, title="Skrivaren igen")
    care = file_ticket(requester=org.other_employee, service=org.care, title="Skrivaren i vården")
    db.session.commit()
    employee = api_as(org.employee)
    assert _ids(employee.get("/search?q=skrivaren").get_json()) == [own.id]
    assert employee.get("/search?q=firmware").get_json()["total"] == 0
    assert employee.get(f"/search?q={other.reference}").get_json()["direct"] is None
    agent = api_as(org.agent)
    found = agent.get("/search?q=skrivaren").get_json()
    assert set(_ids(found)) == {own.id, other.id} and found["total"] == 2  # not care's
    assert _ids(agent.get("/search?q=firmware").get_json()) == [own.id]
    assert agent.get(f"/search?q={care.id}").get_json()["direct"] is None
    assert _ids(api_as(org.soc_agent).get("/search?q=skrivaren").get_json()) == [care.id]


def test_filters_and_paging(org, api_as, file_ticket):
    for n in range(3):
        file_ticket(service=org.email, title=f"Skärm {n} flimrar")
    admin = api_as(org.admin)
    body = admin.get("/search?q=flimrar&kind=ticket&per_page=2&page=2").get_json()
    group = body["groups"][0]
    assert (group["total"], group["page"], group["pages"], len(group["items"])) == (3, 2, 2, 1)
    assert admin.get("/search?q=flimrar&status=closed").get_json()["total"] == 0
    assert admin.get(f"/search?q=flimrar&service={org.school.id}").get_json()["total"] == 0
    assert admin.get(f"/search?q=flimrar&service={org.email.id}").get_json()["total"] == 3


def test_operators_and_huge_text_are_words_bad_parameters_are_422(org, api_as, file_ticket):
    file_ticket(service=org.email, title="Skrivaren OR NEAR")
    api = api_as(org.agent)
    for typed in ('"', "*", "-", "OR", "NEAR(", "((", "skrivaren -x", "a" * 5000, ""):
        response = api.get("/search", query_string={"q": typed})
        assert response.status_code == 200, typed
    assert api.get("/search", query_string={"q": '"skrivaren" OR'}).get_json()["total"] == 1
    for bad in ("kind=notice", "status=nope", "service=x", "page=0", "sort=rank"):
        response = api.get(f"/search?q=x&{bad}")
        assert response.status_code == 422, bad
        assert response.get_json()["error"]["fields"]
