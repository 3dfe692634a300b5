"""Accounts: creation, roles, passwords and login checks."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from servicedesk.domain.errors import ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import Role, Unit, User, UserRole

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
# A hash to check against when the user does not exist, so timing does not reveal it.
_DUMMY_HASH = generate_password_hash("not-a-real-password-xyz")


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(
    *,
    email: str,
    name: str,
    password: str | None,
    roles: set[str] | None = None,
    unit: Unit | None = None,
    locale: str = "sv",
) -> User:
    email = normalise_email(email)
    if not EMAIL_RE.match(email):
        raise ValidationError(_l("Enter a valid e-mail address."), field="email")
    if find_user_by_email(email) is not None:
        raise ValidationError(_l("A user with that e-mail address exists."), field="email")
    if not (name or "").strip():
        raise ValidationError(_l("Enter a name."), field="name")
    roles = set(roles or {Role.EMPLOYEE})
    unknown = roles - {r.value for r in Role}
    if unknown:
        raise ValidationError(
            _l("Unknown role: %(roles)s.", roles=", ".join(sorted(unknown))), field="roles"
        )
    user = User(email=email, name=name.strip(), unit=unit, locale=locale)
    if password is not None:
        set_password(user, password)
    user.role_rows = [UserRole(role=str(r)) for r in sorted(roles)]
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(
            _l("The password must have at least %(n)s characters.", n=MIN_PASSWORD),
            field="password",
        )
    # Tests set a cheap method; production keeps Werkzeug's default (scrypt).
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    user.password_hash = generate_password_hash(password, method=method)


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    if not user.active:
        return None
    return user
