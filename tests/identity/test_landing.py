"""Each role starts where it works: agents at the desk, managers at the reports, employees
in the portal; at `/` and after sign-in, unless a safe `next` says otherwise."""

from __future__ import annotations

import pytest

from servicedesk.domain.identity.landing import landing_area


@pytest.fixture
def manager(make_user, org):
    return make_user("Ingrid IT-chef", {"manager"}, org.it)


def test_the_area_of_each_role(org, manager, make_user):
    assert landing_area(org.employee) == "portal"
    assert landing_area(org.agent) == "desk"
    assert landing_area(org.admin) == "desk"
    assert landing_area(manager) == "reports"
    agent_manager = make_user("Mia Mellanchef", {"agent", "manager"}, org.it, [org.central])
    assert landing_area(agent_manager) == "desk"  # the cases come first for one who works them


@pytest.mark.parametrize(
    ("who", "path"),
    [("employee", "/portal/"), ("agent", "/desk/"), ("admin", "/desk/"), ("manager", "/reports/")],
)
def test_sign_in_and_the_front_door_lead_to_the_roles_start(org, manager, client, auth, who, path):
    person = manager if who == "manager" else getattr(org, who)
    response = auth.login(person)
    assert response.status_code == 302
    assert response.location.endswith(path)
    front = client.get("/")
    assert front.status_code == 302 and front.location.endswith(path)
    assert client.get(path).status_code == 200


def test_a_safe_next_wins_and_an_unsafe_one_is_ignored(org, manager, client, auth):
    token = auth.token("/login")
    response = client.post(
        "/login?next=/portal/new",
        data={"csrf_token": token, "email": manager.email, "password": "correct-horse-battery"},
    )
    assert response.location.endswith("/portal/new")
    client.post("/logout", data={"csrf_token": auth.token("/portal/")})
    token = auth.token("/login")
    response = client.post(
        "/login?next=https://evil.example/",
        data={"csrf_token": token, "email": manager.email, "password": "correct-horse-battery"},
    )
    assert response.location.endswith("/reports/")
