"""Tokens: hashed at rest, shown once, revocable, expiring; a cookie never authenticates."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy import select

from servicedesk.domain.identity.api_tokens import create_token, revoke_token
from servicedesk.infra.extensions import db
from servicedesk.models import ApiToken
from servicedesk.models.base import utcnow


def test_token_is_stored_only_as_a_hash(org, now):
    token, secret = create_token(org.employee, name="script", now=now)
    db.session.commit()
    assert secret.startswith("sd_") and len(secret) > 40
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.token_hash, token.prefix, token.name}
    assert secret.startswith(token.prefix)


def test_valid_token_authenticates_and_records_use(api_as, org):
    api = api_as(org.employee)
    response = api.get("/me")
    assert response.status_code == 200
    assert response.get_json()["email"] == org.employee.email
    assert response.get_json()["roles"] == ["employee"]
    db.session.expire_all()
    token = db.session.scalar(select(ApiToken))
    assert token.last_used_at is not None


def test_unknown_missing_and_malformed_tokens_are_401(client, org):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.is_json and response.get_json()["error"]["code"] in {
            "unauthenticated",
            "invalid_token",
        }
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_401(api_as, org, now):
    api = api_as(org.agent)
    token = db.session.scalar(select(ApiToken))
    revoke_token(token.id, owner=org.agent, now=now)
    db.session.commit()
    response = api.get("/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"


def test_expired_token_is_401(api_as, org):
    api = api_as(org.agent)
    token = db.session.scalar(select(ApiToken))
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert api.get("/me").status_code == 401


def test_disabled_user_token_is_401(api_as, org):
    api = api_as(org.employee)
    org.employee.active = False
    db.session.commit()
    assert api.get("/me").status_code == 401


def test_session_cookie_alone_does_not_authenticate(client, auth, org, file_ticket):
    file_ticket()
    auth.login(org.admin)
    assert client.get("/desk/").status_code == 200  # the session works for pages
    response = client.get("/api/v1/tickets")
    assert response.status_code == 401
    response = client.post("/api/v1/tickets", json={"title": "x", "description": "y"})
    assert response.status_code == 401


def test_owner_cannot_revoke_someone_elses_token(org, now):
    from servicedesk.domain.errors import NotFound

    token, _secret = create_token(org.agent, name="a", now=now)
    db.session.commit()
    try:
        revoke_token(token.id, owner=org.employee, now=now)
    except NotFound:
        pass
    else:  # pragma: no cover
        raise AssertionError("revoked another user's token")
    assert token.revoked_at is None


def test_profile_page_creates_shows_once_lists_and_revokes(client, auth, org):
    auth.login(org.employee)
    csrf = auth.token("/profile/tokens")
    page = client.post("/profile/tokens", data={"csrf_token": csrf, "name": "Mitt skript"})
    assert page.status_code == 200
    secret = re.search(r'<code id="new-token">([^<]+)</code>', page.text).group(1)
    db.session.expire_all()
    token = db.session.scalar(select(ApiToken))
    assert token.user_id == org.employee.id and token.name == "Mitt skript"
    assert token.expires_at is None
    listing = client.get("/profile/tokens")
    assert "Mitt skript" in listing.text and secret not in listing.text
    assert token.prefix in listing.text

    api = client.application.test_client(use_cookies=False)
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    client.post(f"/profile/tokens/{token.id}/revoke", data={"csrf_token": csrf})
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_profile_page_validates_and_needs_login(client, auth, org):
    assert client.get("/profile/tokens").status_code == 302
    auth.login(org.employee)
    csrf = auth.token("/profile/tokens")
    page = client.post("/profile/tokens", data={"csrf_token": csrf, "name": "", "days": "0"})
    assert page.status_code == 422
    assert db.session.scalar(select(ApiToken)) is None
    page = client.post("/profile/tokens", data={"csrf_token": csrf, "name": "x", "days": "30"})
    db.session.expire_all()
    token = db.session.scalar(select(ApiToken))
    assert token.expires_at - token.created_at == timedelta(days=30)


def test_cli_creates_and_revokes(app, org):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["tokens", "create", org.agent.email, "--name", "mon", "--days", "7"]
    )
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    db.session.expire_all()
    token = db.session.scalar(select(ApiToken))
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.name == "mon" and token.expires_at is not None
    result = runner.invoke(args=["tokens", "revoke", str(token.id)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    assert runner.invoke(args=["tokens", "create", "nobody@x.example"]).exit_code != 0
