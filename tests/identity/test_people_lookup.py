"""The desk's people lookup for the phone form: by name, e-mail, phone or employee number;
staff only; only what the agent needs; results limited."""

from __future__ import annotations

import pytest

from servicedesk.domain.errors import PermissionDenied
from servicedesk.domain.identity.people import MAX_PEOPLE, find_people, open_cases_of
from servicedesk.infra.extensions import db


@pytest.fixture
def people(org):
    org.employee.phone = "0525-181 42"
    org.employee.employee_number = "T1042"
    org.other_employee.phone = "+46 525 999 01"
    db.session.commit()
    return org


@pytest.mark.parametrize(
    "typed", ["emma", "EMMA ANST", "Emma Anställd", "0525-18142", "181 42", "t1042", "emma anst"]
)
def test_a_caller_is_found_by_name_e_mail_phone_or_employee_number(people, typed):
    found = find_people(people.agent, typed)
    assert [p.id for p in found] == [people.employee.id], typed


def test_the_e_mail_address_finds_them_too(people):
    assert [p.id for p in find_people(people.agent, people.employee.email)] == [people.employee.id]


def test_first_and_last_name_with_a_middle_part(people, make_user):
    anna = make_user("Anna-Karin Svensson")
    assert anna.id in {p.id for p in find_people(people.agent, "anna svensson")}


def test_the_answer_holds_what_the_agent_needs_only(people):
    (person,) = find_people(people.agent, "T1042")
    assert set(vars(person)) == {"id", "name", "email", "phone", "employee_number", "unit"}
    assert (person.phone, person.employee_number, person.unit) == (
        "0525-181 42",
        "T1042",
        "Barn- och utbildningsförvaltningen",
    )


def test_short_text_and_inactive_people_give_nothing(people):
    assert find_people(people.agent, "e") == []
    people.employee.active = False
    db.session.commit()
    assert find_people(people.agent, "emma") == []


def test_results_are_limited(people, make_user):
    for n in range(MAX_PEOPLE + 4):
        make_user(f"Kim Testsson {n:02d}")
    found = find_people(people.agent, "testsson", limit=50)
    assert len(found) == MAX_PEOPLE
    assert [p.name for p in found] == sorted(p.name for p in found)


def test_only_staff_may_look_people_up(people):
    with pytest.raises(PermissionDenied):
        find_people(people.employee, "emma")


def test_open_cases_are_those_the_agent_may_see(people, file_ticket):
    mine = file_ticket(requester=people.other_employee, service=people.email)
    hidden = file_ticket(requester=people.other_employee, service=people.care)
    cases, total = open_cases_of(people.agent, people.other_employee, now=mine.created_at)
    assert [t.id for t in cases] == [mine.id] and total == 1
    cases, total = open_cases_of(people.soc_agent, people.other_employee, now=mine.created_at)
    assert [t.id for t in cases] == [hidden.id] and total == 1


def test_the_json_endpoint_is_for_staff_only(people, client, auth):
    auth.login(people.agent)
    response = client.get("/desk/people?q=emma")
    assert response.status_code == 200
    assert response.json["people"] == [
        {
            "id": people.employee.id,
            "name": "Emma Anställd",
            "email": people.employee.email,
            "phone": "0525-181 42",
            "employee_number": "T1042",
            "unit": "Barn- och utbildningsförvaltningen",
        }
    ]
    client.post("/logout", data={"csrf_token": auth.token("/desk/")})
    auth.login(people.employee)
    assert client.get("/desk/people?q=emma").status_code == 403


def test_the_phone_form_works_without_js_search_then_pick(people, client, auth, file_ticket):
    open_case = file_ticket(service=people.email, title="Skrivaren krånglar")
    auth.login(people.agent)
    page = client.get("/desk/phone?caller=181+42").text
    assert f'href="/desk/phone?caller_id={people.employee.id}"' in page
    assert "Välj Emma Anställd" in page
    page = client.get(f"/desk/phone?caller_id={people.employee.id}").text
    assert open_case.reference in page and "Skrivaren krånglar" in page
    assert f'value="{people.employee.email}"' in page  # the caller's address is filled in
    assert "Anmälarens ärende gäller…" in page and "Beställning eller fråga åt anmälaren" in page
    assert "Jag vill" not in page
