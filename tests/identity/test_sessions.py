"""Log-out, a password change, a role change and deactivation end sessions on the server.

The cookie itself cannot be recalled, so a copy taken before must stop working: the user
loader compares the session's version with the account's.
"""

from __future__ import annotations

from flask.testing import FlaskClient

from servicedesk.domain.admin.users import set_user_roles, update_user
from servicedesk.domain.identity.api_tokens import create_token
from servicedesk.domain.identity.users import session_user, set_password
from servicedesk.infra.extensions import db
from tests.conftest import Auth

NEW_PASSWORD = "a-brand-new-passphrase"


def _signed_in(app, account) -> FlaskClient:
    client = app.test_client()
    response = Auth(client).login(account)
    assert response.status_code == 302
    assert client.get("/portal/").status_code == 200
    return client


def _copy(app, client: FlaskClient) -> FlaskClient:
    """Another browser holding a stolen copy of `client`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _is_signed_in(client: FlaskClient) -> bool:
    response = client.get("/portal/")
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def test_a_cookie_copied_before_log_out_does_not_work_after_it(app, org):
    client = _signed_in(app, org.employee)
    thief = _copy(app, client)
    assert _is_signed_in(thief)
    token = Auth(client).token("/portal/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert not _is_signed_in(client)
    assert not _is_signed_in(thief)


def test_log_out_ends_the_accounts_other_sessions_too(app, org):
    laptop, phone = _signed_in(app, org.employee), _signed_in(app, org.employee)
    laptop.post("/logout", data={"csrf_token": Auth(laptop).token("/portal/")})
    assert not _is_signed_in(phone)
    assert _is_signed_in(_signed_in(app, org.employee))  # and a new log-in works


def test_a_password_change_ends_every_session(app, org):
    client = _signed_in(app, org.employee)
    set_password(org.employee, NEW_PASSWORD)
    db.session.commit()
    assert not _is_signed_in(client)
    assert Auth(app.test_client()).login(org.employee).status_code == 200  # old password
    assert Auth(app.test_client()).login(org.employee, NEW_PASSWORD).status_code == 302


def test_a_role_change_ends_the_sessions_of_that_account_only(app, org, now):
    agent, other = _signed_in(app, org.agent), _signed_in(app, org.buf_agent)
    set_user_roles(org.admin, org.agent, {"agent", "manager"}, now=now)
    db.session.commit()
    assert not _is_signed_in(agent)
    assert _is_signed_in(other)


def test_saving_a_user_without_changes_keeps_their_sessions(app, org, now):
    client = _signed_in(app, org.agent)
    update_user(
        org.admin, org.agent, name="Anders A", unit=org.it, active=True, roles={"agent"}, now=now
    )
    db.session.commit()
    assert _is_signed_in(client)


def test_deactivation_ends_sessions_and_reactivation_does_not_revive_them(app, org, now):
    client = _signed_in(app, org.employee)
    fields = {"name": org.employee.name, "unit": org.buf, "roles": {"employee"}, "now": now}
    update_user(org.admin, org.employee, active=False, **fields)
    db.session.commit()
    assert not _is_signed_in(client)
    update_user(org.admin, org.employee, active=True, **fields)
    db.session.commit()
    assert not _is_signed_in(client)


def test_session_ids_of_the_old_form_or_garbage_load_nobody(org):
    assert session_user(str(org.employee.id)) is None
    assert session_user(f"{org.employee.id}:0") == org.employee
    for bad in ("", ":", "x:0", f"{org.employee.id}:1", "9" * 50 + ":0", "1:-1"):
        assert session_user(bad) is None


def test_api_tokens_follow_their_own_rule_and_survive_log_out(app, org, now):
    _token, secret = create_token(org.employee, name="skript", now=now)
    db.session.commit()
    client = _signed_in(app, org.employee)
    client.post("/logout", data={"csrf_token": Auth(client).token("/portal/")})
    api = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    assert api.get("/api/v1/me", headers=headers).status_code == 200
    set_password(org.employee, NEW_PASSWORD)
    db.session.commit()
    assert api.get("/api/v1/me", headers=headers).status_code == 200
