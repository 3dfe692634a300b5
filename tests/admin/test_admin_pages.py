"""The admin area through the test client: access, saving, refusing bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, RoutingRule, Service

PAGES = [
    "/admin/",
    "/admin/services",
    "/admin/services/new",
    "/admin/queues",
    "/admin/queues/new",
    "/admin/units",
    "/admin/units/new",
    "/admin/users",
    "/admin/users/new",
    "/admin/rules",
    "/admin/rules/new",
    "/admin/catalog/import",
    "/admin/catalog/export.csv",
    "/admin/audit",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["employee", "agent", "buf_agent"])
def test_non_admins_are_refused_every_admin_page(client, auth, org, who, path):
    auth.login(getattr(org, who))
    assert client.get(path).status_code == 403


def test_anonymous_is_sent_to_login(client, org):
    response = client.get("/admin/services")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES)
def test_admin_sees_every_page(client, auth, org, path):
    auth.login(org.admin)
    assert client.get(path).status_code == 200


def test_edit_pages_render_for_existing_objects(client, auth, org, make_rule_db):
    auth.login(org.admin)
    rule = make_rule_db()
    for path in (
        f"/admin/services/{org.school.id}",
        f"/admin/queues/{org.central.id}",
        f"/admin/units/{org.buf.id}",
        f"/admin/users/{org.agent.id}",
        f"/admin/rules/{rule.id}",
    ):
        page = client.get(path)
        assert page.status_code == 200, path


def test_admin_nav_entry_only_for_admins(client, auth, org):
    auth.login(org.admin)
    assert 'href="/admin/services"' in client.get("/desk/").text
    client.post("/logout", data={"csrf_token": auth.token("/desk/")})
    auth.login(org.agent)
    assert 'href="/admin/services"' not in client.get("/desk/").text


def _service_data(org, **kw):
    data = {
        "name_sv": "Bygglov",
        "name_en": "Building permits",
        "description": "Ärenden om bygglov",
        "owner_unit": org.buf.id,
        "queue": org.buf_queue.id,
        "administrator": org.buf_agent.id,
        "deputy": 0,
        "confidentiality": 2,
        "integrity": 2,
        "availability": 2,
        "supplier": "",
        "calendar": 0,
        "sla_policy": 0,
        "active": "y",
    }
    data.update(kw)
    return data


def test_admin_creates_a_service(client, auth, org):
    auth.login(org.admin)
    token = auth.token("/admin/services/new")
    response = client.post("/admin/services/new", data={"csrf_token": token, **_service_data(org)})
    assert response.status_code == 302
    db.session.expire_all()
    service = db.session.scalar(select(Service).where(Service.name_sv == "Bygglov"))
    assert service.queue == org.buf_queue and service.administrator == org.buf_agent


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name_sv": "Skolplattformen"}, "name_sv", "already in use"),
        ({"queue": 0}, "queue", "needs a support queue"),
        ({"deputy": "ADMIN"}, "deputy", "must be someone else"),
    ],
)
def test_bad_service_input_shows_error_next_to_field_and_changes_nothing(
    client, auth, org, change, field, message
):
    auth.login(org.admin)
    if change.get("deputy") == "ADMIN":
        change = {"deputy": org.buf_agent.id}
    before = db.session.scalar(select(db.func.count(Service.id)))
    token = auth.token("/admin/services/new")
    response = client.post(
        "/admin/services/new", data={"csrf_token": token, **_service_data(org, **change)}
    )
    assert response.status_code == 422
    assert f'id="{field}-err"' in response.text and message in response.text
    db.session.expire_all()
    assert db.session.scalar(select(db.func.count(Service.id))) == before


def test_retire_and_reactivate_service_never_deletes(client, auth, org):
    auth.login(org.admin)
    token = auth.token("/admin/services")
    client.post(f"/admin/services/{org.school.id}/active", data={"csrf_token": token})
    db.session.expire_all()
    assert org.school.active is False
    client.post(f"/admin/services/{org.school.id}/active", data={"csrf_token": token})
    db.session.expire_all()
    assert org.school.active is True


def test_last_active_central_queue_cannot_be_deactivated(client, auth, org):
    auth.login(org.admin)
    token = auth.token("/admin/queues")
    response = client.post(
        f"/admin/queues/{org.central.id}/active", data={"csrf_token": token}, follow_redirects=True
    )
    assert "last active central service desk queue" in response.text
    db.session.expire_all()
    assert org.central.active is True
    # through the edit form too: error next to the field
    response = client.post(
        f"/admin/queues/{org.central.id}",
        data={
            "csrf_token": token,
            "name": org.central.name,
            "unit": org.it.id,
            "lead": 0,
            "is_central": "y",
            "auto_assign": "none",
            "members": [org.agent.id, org.admin.id],
        },
    )
    assert 'id="active-err"' in response.text
    db.session.expire_all()
    assert org.central.active is True


def test_queue_edit_sets_auto_assign_and_members_with_audit(client, auth, org):
    auth.login(org.admin)
    token = auth.token("/admin/queues")
    response = client.post(
        f"/admin/queues/{org.buf_queue.id}",
        data={
            "csrf_token": token,
            "name": "BUF support",
            "unit": org.buf.id,
            "lead": org.buf_agent.id,
            "active": "y",
            "auto_assign": "round_robin",
            "members": [org.buf_agent.id, org.agent.id],
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert org.buf_queue.auto_assign == "round_robin"
    assert {u.id for u in org.buf_queue.members} == {org.buf_agent.id, org.agent.id}
    actions = db.session.scalars(select(AuditLog.action)).all()
    assert "queue_member_added" in actions and "queue_lead_changed" in actions


def _rule_data(org, **kw):
    data = {
        "name": "Lösenord",
        "active": "y",
        "ticket_type": "",
        "service": 0,
        "owner_unit": 0,
        "requester_unit": 0,
        "channel": "",
        "priority": 0,
        "title_words": "lösenord",
        "target_queue": org.central.id,
        "assignee": 0,
        "tag": "",
        "sample_type": "incident",
        "sample_service": org.school.id,
        "sample_unit": 0,
        "sample_channel": "portal",
        "sample_priority": 3,
        "sample_title": "Glömt lösenordet",
    }
    data.update(kw)
    return data


def test_rule_test_button_shows_where_and_why_without_saving(client, auth, org):
    auth.login(org.admin)
    token = auth.token("/admin/rules/new")
    response = client.post(
        "/admin/rules/new", data={"csrf_token": token, "test": "y", **_rule_data(org)}
    )
    assert response.status_code == 200
    # In the reader's language (this admin reads English).
    assert "Rule &#39;Lösenord&#39; (the subject contains &#39;lösenord&#39;) → Servicedesk" in (
        response.text
    )
    assert db.session.scalar(select(db.func.count(RoutingRule.id))) == 0


def test_rule_saved_and_listed_in_order(client, auth, org):
    auth.login(org.admin)
    token = auth.token("/admin/rules/new")
    for name in ("Första", "Andra"):
        response = client.post(
            "/admin/rules/new", data={"csrf_token": token, **_rule_data(org, name=name)}
        )
        assert response.status_code == 302
    db.session.expire_all()
    rules = db.session.scalars(select(RoutingRule).order_by(RoutingRule.position)).all()
    assert [r.name for r in rules] == ["Första", "Andra"]
    client.post(f"/admin/rules/{rules[1].id}/up", data={"csrf_token": token})
    db.session.expire_all()
    rules = db.session.scalars(select(RoutingRule).order_by(RoutingRule.position)).all()
    assert [r.name for r in rules] == ["Andra", "Första"]
    client.post(f"/admin/rules/{rules[0].id}/active", data={"csrf_token": token})
    db.session.expire_all()
    assert rules[0].active is False


@pytest.mark.parametrize(
    ("field", "value_of", "message"),
    [
        ("target_queue", "inactive_queue", "is inactive; choose an active queue"),
        ("target_queue", "missing_queue", "Choose an existing target queue"),
        ("assignee", "inactive_user", "Bo BUF is not an active agent"),
        ("assignee", "employee", "Emma Anställd is not an active agent"),
        ("assignee", "missing_user", "That user does not exist"),
    ],
)
def test_rule_with_inactive_or_missing_target_is_refused(
    client, auth, org, make_queue, field, value_of, message
):
    inactive = make_queue("Nedlagd kö", org.it, active=False)
    org.buf_agent.active = False
    db.session.commit()
    values = {
        "inactive_queue": inactive.id,
        "missing_queue": 9999,
        "inactive_user": org.buf_agent.id,
        "employee": org.employee.id,
        "missing_user": 9999,
    }
    auth.login(org.admin)
    token = auth.token("/admin/rules/new")
    response = client.post(
        "/admin/rules/new",
        data={"csrf_token": token, **_rule_data(org, **{field: values[value_of]})},
    )
    assert response.status_code == 422
    assert f'id="{field}-err"' in response.text
    assert message in response.text
    assert db.session.scalar(select(db.func.count(RoutingRule.id))) == 0


def test_service_edit_keeps_and_sets_calendar_and_sla_policy(client, auth, org):
    from servicedesk.models import Calendar, SlaPolicy

    calendar, policy = Calendar(name="Kontorstid"), SlaPolicy(name="Standard")
    db.session.add_all([calendar, policy])
    db.session.flush()
    org.school.calendar_id, org.school.sla_policy_id = calendar.id, policy.id
    db.session.commit()
    auth.login(org.admin)
    page = client.get(f"/admin/services/{org.school.id}").text
    assert f'<option selected value="{calendar.id}">Kontorstid</option>' in page
    token = auth.token(f"/admin/services/{org.school.id}")
    data = _service_data(org, name_sv="Skolplattformen", calendar=calendar.id, sla_policy=policy.id)
    response = client.post(f"/admin/services/{org.school.id}", data={"csrf_token": token, **data})
    assert response.status_code == 302
    db.session.expire_all()
    assert (org.school.calendar_id, org.school.sla_policy_id) == (calendar.id, policy.id)
    assert org.school.name_en == "Building permits"
