"""Units admin, and testing the saved rule set from the rule list."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, Unit


def test_admin_creates_unit_and_cannot_nest_it_in_itself(client, auth, org):
    auth.login(org.admin)
    token = auth.token("/admin/units/new")
    response = client.post(
        "/admin/units/new",
        data={
            "csrf_token": token,
            "name": "Miljöförvaltningen",
            "short_name": "MF",
            "kind": "department",
            "parent": org.municipality.id,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    unit = db.session.scalar(select(Unit).where(Unit.name == "Miljöförvaltningen"))
    assert unit.parent == org.municipality
    unit_actions = select(AuditLog.action).where(AuditLog.object_type == "Unit")
    assert db.session.scalars(unit_actions).all() == ["unit_created"]
    # the municipality may not be placed under its own department
    response = client.post(
        f"/admin/units/{org.municipality.id}",
        data={
            "csrf_token": token,
            "name": org.municipality.name,
            "short_name": "TK",
            "kind": "municipality",
            "parent": unit.id,
        },
    )
    assert response.status_code == 422 and 'id="parent-err"' in response.text
    db.session.expire_all()
    assert org.municipality.parent is None


def test_rule_list_test_form_explains_the_saved_rules(client, auth, org, make_rule_db):
    make_rule_db("Telefon", channel="phone", target=org.central)
    auth.login(org.admin)
    token = auth.token("/admin/rules")
    data = {
        "csrf_token": token,
        "sample_type": "incident",
        "sample_service": org.school.id,
        "sample_unit": org.buf.id,
        "sample_priority": 3,
        "sample_title": "Närvaron",
    }
    page = client.post("/admin/rules", data={**data, "sample_channel": "phone"}).text
    # The explanation in the reader's language (this admin reads English).
    assert "Rule &#39;Telefon&#39; (the channel is phone) → Servicedesk" in page
    page = client.post("/admin/rules", data={**data, "sample_channel": "portal"}).text
    assert "Skolplattformen is owned by Barn- och utbildningsförvaltningen → BUF support" in page
