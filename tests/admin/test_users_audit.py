"""Every grant and revoke of a role or queue membership is in the immutable audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from servicedesk.domain.admin.users import set_user_queues, set_user_roles
from servicedesk.domain.errors import ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, User
from servicedesk.models.audit import ImmutableAuditLog


def _entries():
    """What admins did; the fixture's accounts were made by the system (actor None), and
    their own sign-ins are on record too (not what they did to others)."""
    stmt = (
        select(AuditLog)
        .where(AuditLog.actor_id.is_not(None), AuditLog.action != "sign_in")
        .order_by(AuditLog.id)
    )
    rows = db.session.scalars(stmt).all()
    return [(e.action, e.object_label, e.old_value, e.new_value) for e in rows]


def test_role_grant_and_revoke_are_audited(org, now):
    set_user_roles(org.admin, org.employee, {"employee", "agent"}, now=now)
    set_user_roles(org.admin, org.employee, {"agent"}, now=now)
    email = org.employee.email
    assert _entries() == [
        ("role_granted", email, None, "agent"),
        ("role_revoked", email, "employee", None),
    ]
    entry = db.session.scalar(select(AuditLog).where(AuditLog.actor_id.is_not(None)))
    assert entry.actor == org.admin and entry.at == now


def test_queue_membership_changes_are_audited(org, now):
    set_user_queues(org.admin, org.agent, [org.buf_queue], now=now)
    assert _entries() == [
        ("queue_member_removed", org.agent.email, "Servicedesk", None),
        ("queue_member_added", org.agent.email, None, "BUF support"),
    ]


def test_only_staff_can_join_queues(org, now):
    with pytest.raises(ValidationError) as exc:
        set_user_queues(org.admin, org.employee, [org.central], now=now)
    assert exc.value.field == "queues"


def test_audit_entries_cannot_be_changed_or_deleted(org, now):
    set_user_roles(org.admin, org.employee, {"employee", "manager"}, now=now)
    db.session.commit()
    entry = db.session.scalar(select(AuditLog))
    entry.new_value = "admin"
    with pytest.raises(ImmutableAuditLog):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(AuditLog)))
    with pytest.raises(ImmutableAuditLog):
        db.session.flush()


def test_admin_creates_user_with_roles_and_queue_via_page(client, auth, org):
    auth.login(org.admin)
    token = auth.token("/admin/users/new")
    response = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "email": "ny.agent@tanum.example",
            "name": "Ny Agent",
            "password": "",
            "unit": org.it.id,
            "roles": ["agent"],
            "active": "y",
            "queues": [org.central.id],
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    created = db.session.scalar(select(User).where(User.email == "ny.agent@tanum.example"))
    assert created.roles == {"agent"}
    actions = [(a, n) for a, _l, _o, n in _entries()]
    assert ("role_granted", "agent") in actions
    assert ("queue_member_added", "Servicedesk") in actions
    page = client.get("/admin/audit").text
    assert "Role granted" in page and "ny.agent@tanum.example" in page


def test_admin_role_change_via_page_is_audited_and_shown(client, auth, org):
    auth.login(org.admin)
    token = auth.token(f"/admin/users/{org.employee.id}")
    response = client.post(
        f"/admin/users/{org.employee.id}",
        data={
            "csrf_token": token,
            "name": org.employee.name,
            "unit": org.buf.id,
            "roles": ["employee", "manager"],
            "active": "y",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert org.employee.roles == {"employee", "manager"}
    assert ("role_granted", org.employee.email, None, "manager") in _entries()


def test_admin_cannot_remove_own_admin_role(client, auth, org):
    auth.login(org.admin)
    token = auth.token(f"/admin/users/{org.admin.id}")
    response = client.post(
        f"/admin/users/{org.admin.id}",
        data={
            "csrf_token": token,
            "name": org.admin.name,
            "unit": org.it.id,
            "roles": ["agent"],
            "active": "y",
            "queues": [org.central.id],
        },
    )
    assert response.status_code == 422 and 'id="roles-err"' in response.text
    db.session.expire_all()
    assert "admin" in org.admin.roles
    assert _entries() == []


def test_bad_email_on_new_user_is_shown_next_to_field(client, auth, org):
    auth.login(org.admin)
    token = auth.token("/admin/users/new")
    count = db.session.scalar(select(db.func.count(User.id)))
    response = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "email": "inte-en-adress",
            "name": "X",
            "unit": 0,
            "roles": ["employee"],
            "active": "y",
        },
    )
    assert 'id="email-err"' in response.text
    db.session.expire_all()
    assert db.session.scalar(select(db.func.count(User.id))) == count
    assert _entries() == []
