"""Routing-rule edits (create, edit, move, (de)activate) are in the immutable audit log."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.domain.admin.rules import RuleInput, move_rule, save_rule, set_rule_active
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, RoutingRule

from .test_admin_pages import _rule_data


def _entries():
    stmt = select(AuditLog).where(AuditLog.object_type == "RoutingRule").order_by(AuditLog.id)
    rows = db.session.scalars(stmt).all()
    return [(e.action, e.object_label, e.old_value, e.new_value) for e in rows]


def test_rule_create_edit_move_and_activation_are_audited(org, now):
    first = save_rule(None, RuleInput(name="Skola", target_queue=org.buf_queue), org.admin, now=now)
    second = save_rule(None, RuleInput(name="Vård", target_queue=org.soc_queue), org.admin, now=now)
    save_rule(second, RuleInput(name="Vård", target_queue=org.central), org.admin, now=now)
    save_rule(second, RuleInput(name="Vård", target_queue=org.central), org.admin, now=now)
    move_rule(second, -1, org.admin, now=now)
    move_rule(second, -1, org.admin, now=now)  # already first: nothing moves
    set_rule_active(first, False, org.admin, now=now)
    set_rule_active(first, True, org.admin, now=now)
    entries = _entries()
    assert [e[0] for e in entries] == [
        "rule_created",
        "rule_created",
        "rule_changed",
        "rule_moved",
        "rule_deactivated",
        "rule_activated",
    ]
    assert "target_queue: BUF support" in entries[0][3]
    assert entries[2][1:] == (
        "Vård",
        f"target_queue: {org.soc_queue.name}",
        "target_queue: Servicedesk",
    )
    assert entries[3][1:] == ("Vård", "2", "1")
    assert entries[4][1:] == ("Skola", "True", "False")
    rows = db.session.scalars(select(AuditLog).where(AuditLog.object_type == "RoutingRule")).all()
    assert {(r.actor_id, r.object_type, r.at) for r in rows} == {(org.admin.id, "RoutingRule", now)}


def test_rule_saved_through_the_page_is_on_the_audit_page(client, auth, org):
    auth.login(org.admin)
    token = auth.token("/admin/rules/new")
    response = client.post("/admin/rules/new", data={"csrf_token": token, **_rule_data(org)})
    assert response.status_code == 302
    rule = db.session.scalar(select(RoutingRule))
    response = client.post(f"/admin/rules/{rule.id}/active", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert [e[:2] for e in _entries()] == [
        ("rule_created", "Lösenord"),
        ("rule_deactivated", "Lösenord"),
    ]
    page = client.get("/admin/audit").text
    assert "Routing rule created" in page and "Routing rule deactivated" in page
    assert "Lösenord" in page


def test_a_refused_rule_is_not_audited(client, auth, org):
    org.central.active = False
    db.session.commit()
    auth.login(org.admin)
    token = auth.token("/admin/rules/new")
    client.post("/admin/rules/new", data={"csrf_token": token, **_rule_data(org)})
    db.session.expire_all()
    assert _entries() == [] and db.session.scalar(select(RoutingRule)) is None
