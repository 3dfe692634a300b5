"""Changes touching a confidentiality-4 service are seen only by that service's people (its
queue's members, its systemförvaltare and deputy) and admins: on every path, through the
one rule `change_visibility`."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from servicedesk.domain.changes.links import linked_tickets
from servicedesk.domain.errors import NotFound
from servicedesk.domain.permissions import change_visibility, get_visible_change
from servicedesk.infra.extensions import db
from servicedesk.models import Change
from tests.api.conftest import Api
from tests.changes.conftest import START


@pytest.fixture
def care_change(world, now):
    """A change on the finance system and the restricted care system, overlapping a plain
    finance change (so it would show as a conflict)."""
    secret = world.change(now=now, services=[world.finance, world.org.care], title="Vårdbyte")
    plain = world.change(now=now, title="Ekonomibyte")
    return secret, plain


def _visible_titles(user) -> set[str]:
    return set(db.session.scalars(select(Change.title).where(change_visibility(user))))


def test_the_rule_hides_restricted_changes_from_other_staff(world, care_change, make_user):
    org = world.org
    deputy = make_user("Doris Ersättare", {"agent"}, org.soc)
    org.care.deputy = deputy
    db.session.commit()
    both = {"Vårdbyte", "Ekonomibyte"}
    assert _visible_titles(org.agent) == {"Ekonomibyte"}
    assert _visible_titles(world.controller) == {"Ekonomibyte"}
    for person in (org.admin, org.soc_agent, org.care.administrator, deputy):
        assert _visible_titles(person) == both, person.name
    assert _visible_titles(org.employee) == set()
    secret, _plain = care_change
    with pytest.raises(NotFound):
        get_visible_change(org.agent, secret.id)
    assert get_visible_change(org.soc_agent, secret.id) is secret


def test_web_list_detail_and_calendar_hide_the_change(world, care_change, client, auth):
    secret, plain = care_change
    auth.login(world.org.agent)
    listing = client.get("/changes/?state=all").text
    assert "Ekonomibyte" in listing and "Vårdbyte" not in listing
    assert client.get(f"/changes/{secret.id}").status_code == 404
    assert client.get(f"/changes/{secret.id}/edit").status_code == 404
    detail = client.get(f"/changes/{plain.id}").text
    assert "Vårdbyte" not in detail and secret.reference not in detail
    calendar = client.get(f"/changes/calendar?date={START:%Y-%m-%d}").text
    assert "Ekonomibyte" in calendar and "Vårdbyte" not in calendar


def test_the_services_people_see_it_on_the_web(world, care_change, client, auth):
    secret, plain = care_change
    auth.login(world.org.soc_agent)
    assert "Vårdbyte" in client.get("/changes/?state=all").text
    assert "Vårdbyte" in client.get(f"/changes/{secret.id}").text
    assert "Vårdbyte" in client.get(f"/changes/{plain.id}").text  # as a conflict
    assert "Vårdbyte" in client.get(f"/changes/calendar?date={START:%Y-%m-%d}").text


def _api(app, user, now) -> Api:
    from servicedesk.domain.identity.api_tokens import create_token

    _token, secret = create_token(user, name="test", now=now)
    db.session.commit()
    return Api(app, secret)


def test_api_list_and_detail_hide_the_change(app, world, care_change, now):
    secret, plain = care_change
    api = _api(app, world.org.agent, now)
    listed = api.get("/changes").get_json()
    assert [c["reference"] for c in listed["items"]] == [plain.reference]
    assert listed["total"] == 1
    assert api.get(f"/changes/{secret.reference}").status_code == 404
    response = api.patch(f"/changes/{secret.reference}", json={"title": "Nytt"})
    assert response.status_code == 404
    conflicts = api.get(f"/changes/{plain.reference}").get_json()["conflicts"]["changes"]
    assert secret.reference not in str(conflicts)
    db.session.expire_all()
    assert db.session.get(Change, secret.id).title == "Vårdbyte"
    insider = _api(app, world.org.soc_agent, now)
    assert insider.get(f"/changes/{secret.reference}").status_code == 200
    assert insider.get("/changes").get_json()["total"] == 2


def test_a_hidden_change_cannot_be_linked_nor_seen_on_a_ticket(
    world, care_change, client, auth, file_ticket
):
    secret, _plain = care_change
    ticket = file_ticket()  # an e-mail incident in the central queue: both agents may see it
    path = f"/desk/tickets/{ticket.id}"
    auth.login(world.org.agent)
    data = {"csrf_token": auth.token(path), "reference": secret.reference}
    client.post(f"/changes/link-ticket/{ticket.id}", data=data)
    db.session.expire_all()
    assert linked_tickets(secret) == []
    auth.login(world.org.admin)
    data = {"csrf_token": auth.token(path), "reference": secret.reference}
    client.post(f"/changes/link-ticket/{ticket.id}", data=data)
    assert linked_tickets(secret) == [ticket]
    assert secret.reference in client.get(path).text
    auth.login(world.org.agent)
    page = client.get(path).text
    assert ticket.title in page and secret.reference not in page
