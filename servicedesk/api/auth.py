"""Bearer-token authentication: the API never looks at the browser's session cookie.

A logged-in browser must not be able to call the API (that would let any page the user
visits drive it with their cookie); only an `Authorization: Bearer` token counts.
"""

from __future__ import annotations

from flask import g, request
from flask_babel import lazy_gettext as _l

from servicedesk.api.errors import ApiError
from servicedesk.boundary.unit_of_work import now
from servicedesk.domain.identity.api_tokens import user_for_secret
from servicedesk.infra.extensions import db
from servicedesk.models import User

PUBLIC_ENDPOINTS = {"api.openapi_document"}


def _bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def authenticate_request() -> None:
    """before_request of the API blueprint: set g.api_user or answer 401."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    secret = _bearer_secret()
    if secret is None:
        raise ApiError(401, "unauthenticated", _l("Send an API token: Authorization: Bearer …"))
    user = user_for_secret(secret, now=now())
    if user is None:
        db.session.rollback()
        raise ApiError(401, "invalid_token", _l("The token is unknown, expired or revoked."))
    # last_used_at (at most once a minute), committed without expiring what was just read:
    # otherwise every route would load the caller and their roles a second time.
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
    g.api_user = user


def api_user() -> User:
    return g.api_user
