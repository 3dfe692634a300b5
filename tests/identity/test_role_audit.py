"""Every role grant is audited, whichever path makes it (finding 19 of issue 13)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from servicedesk.domain.identity.users import create_user, find_user_by_email
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog

ROOT = Path(__file__).resolve().parents[2]
ROLE_WRITES = re.compile(
    r"UserRole\(|role_rows\s*=(?!=)|role_rows\.(append|remove|extend|insert|clear|pop)\b"
    r"|insert\(UserRole|delete\(UserRole|update\(UserRole|\buser_role\b"
)


def _audit(email: str) -> list[tuple[str, int | None, str | None]]:
    stmt = select(AuditLog).where(AuditLog.object_label == email).order_by(AuditLog.id)
    return [(e.action, e.actor_id, e.new_value) for e in db.session.scalars(stmt)]


def test_cli_create_with_admin_role_is_audited(app, org):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "ny.admin@tanum.example",
            "--name",
            "Ny Admin",
            "--role",
            "admin",
            "--role",
            "agent",
            "--password",
            "a-long-enough-password",
        ]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert find_user_by_email("ny.admin@tanum.example").roles == {"admin", "agent"}
    assert _audit("ny.admin@tanum.example") == [
        ("user_created", None, None),
        ("role_granted", None, "admin"),
        ("role_granted", None, "agent"),
    ]


def test_cli_refusal_grants_nothing_and_audits_nothing(app, org):
    args = ["users", "create", "kort@tanum.example", "--name", "K", "--password", "kort"]
    result = app.test_cli_runner().invoke(args=[*args, "--role", "admin"])
    assert result.exit_code != 0 and "10" in result.output
    db.session.expire_all()
    assert find_user_by_email("kort@tanum.example") is None
    assert _audit("kort@tanum.example") == []


def test_every_account_creation_is_audited_with_its_actor(org, now):
    create_user(
        email="via.post@tanum.example", name="Via Post", password=None, actor=org.admin, now=now
    )
    assert _audit("via.post@tanum.example") == [
        ("user_created", org.admin.id, None),
        ("role_granted", org.admin.id, "employee"),
    ]


def test_cli_set_password_ends_the_sessions(app, org):
    before = org.employee.session_version
    result = app.test_cli_runner().invoke(
        args=["users", "set-password", org.employee.email, "--password", "another-long-one"]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert org.employee.session_version == before + 1


def test_roles_are_written_in_one_audited_function_only():
    """No module but domain/identity/users.py adds, removes or rewrites role rows."""
    allowed = {ROOT / "servicedesk/domain/identity/users.py"}
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "servicedesk").rglob("*.py"))
        if path not in allowed and "models" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_WRITES.search(line) and "join(UserRole" not in line
    ]
    assert offenders == []
