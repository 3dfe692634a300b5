"""Personal API tokens: create (secret returned once), revoke, and resolve a bearer secret."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import NotFound, ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import ApiToken, User

TOKEN_PREFIX = "sd_"
NAME_MAX = 100
MAX_DAYS = 3650
# Writing last_used_at on every call would make each GET a write; a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    user: User, *, name: str, days: int | None = None, now: datetime
) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns the row and the secret, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_l("This field is required."), field="name")
    if len(name) > NAME_MAX:
        raise ValidationError(_l("At most %(n)s characters.", n=NAME_MAX), field="name")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            _l("Give a number of days from 1 to %(n)s.", n=MAX_DAYS), field="days"
        )
    if not user.active:
        raise ValidationError(_l("The account is disabled."), field="user")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_secret(secret),
        prefix=secret[:10],
        created_at=now,
        expires_at=now + timedelta(days=days) if days else None,
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def tokens_of(user: User) -> list[ApiToken]:
    stmt = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(db.session.scalars(stmt))


def revoke_token(token_id: int, *, owner: User | None, now: datetime) -> ApiToken:
    """Revoke a token; with `owner` given, only that user's own tokens (others: NotFound)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or (owner is not None and token.user_id != owner.id):
        raise NotFound(_l("No such token."))
    if token.revoked_at is None:
        token.revoked_at = now
        db.session.flush()
    return token


def user_for_secret(secret: str, *, now: datetime) -> User | None:
    """The active user a bearer secret stands for, or None (unknown, expired or revoked)."""
    if not secret or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None or not token.usable(now) or not token.user.active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.flush()
    return token.user
