"""Accounts: creation, roles, passwords and login checks.

Every role an account gets or loses, by any path (admin page, `flask users`, mail-created
accounts, the demo loader), goes through `set_user_roles`, which writes the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from blinker import Namespace
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import Role, Unit, User, UserRole
from servicedesk.models.base import utcnow

_signals = Namespace()
# An account appeared or signed in, inside the unit of work (sender: the User; kwargs: actor,
# now). Areas that keep facts about people by e-mail before they have an account (access
# grants for someone not yet started) link them to it here.
account_arrived = _signals.signal("account-arrived")

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
# Hashes to check against when the user does not exist, so timing does not reveal it;
# one per hash method, so the work matches that of a real account's check.
_DUMMY_HASHES: dict[str, str] = {}


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(
    *,
    email: str,
    name: str,
    password: str | None,
    roles: Iterable[str] | None = None,
    unit: Unit | None = None,
    locale: str = "sv",
    actor: User | None = None,
    now: datetime | None = None,
) -> User:
    """A new account with `roles` (default: employee); creation and grants are audited.

    `actor` None stands for the system: the command line, mail and the demo loader.
    """
    now = now or utcnow()
    email = normalise_email(email)
    if not EMAIL_RE.match(email):
        raise ValidationError(_l("Enter a valid e-mail address."), field="email")
    if find_user_by_email(email) is not None:
        raise ValidationError(_l("A user with that e-mail address exists."), field="email")
    if not (name or "").strip():
        raise ValidationError(_l("Enter a name."), field="name")
    roles = set(roles or {Role.EMPLOYEE})
    _check_roles(roles)
    user = User(email=email, name=name.strip(), unit=unit, locale=locale)
    if password is not None:
        set_password(user, password)
    db.session.add(user)
    db.session.flush()
    record_audit(actor, "user_created", user, now=now)
    set_user_roles(actor, user, roles, now=now)
    account_arrived.send(user, actor=actor, now=now)
    return user


def _check_roles(roles: set[str]) -> None:
    unknown = roles - {r.value for r in Role}
    if unknown:
        raise ValidationError(
            _l("Unknown role: %(roles)s.", roles=", ".join(sorted(unknown))), field="roles"
        )
    if not roles:
        raise ValidationError(_l("Give the user at least one role."), field="roles")


def set_user_roles(actor: User | None, user: User, roles: Iterable[str], *, now: datetime) -> None:
    """The one place roles change: each grant and revoke is audited, old sessions end."""
    wanted = {str(r) for r in roles}
    _check_roles(wanted)
    current = user.roles
    if current and wanted != current:
        end_sessions(user)  # a session opened under the old roles does not carry on
    for row in [r for r in user.role_rows if r.role not in wanted]:
        user.role_rows.remove(row)
        record_audit(actor, "role_revoked", user, old=row.role, now=now)
    for role in sorted(wanted - current):
        user.role_rows.append(UserRole(role=role))
        record_audit(actor, "role_granted", user, new=role, now=now)
    db.session.flush()


def end_sessions(user: User) -> None:
    """Every session cookie issued to `user` so far stops working, on every node.

    The cookie holds "<id>:<session_version>" and the user loader compares the number with
    the row, so raising it is enough; no session store to clean.
    """
    user.session_version = (user.session_version or 0) + 1


def session_user(session_id: str) -> User | None:
    """The active user a session id ("<id>:<version>") stands for, or None when it ended."""
    user_id, _sep, version = (session_id or "").partition(":")
    if not (user_id.isdecimal() and version.isdecimal()) or len(session_id) > 40:
        return None
    # Roles joined in: one query for every signed-in request (not one for the row, one
    # for its roles).
    user = db.session.get(User, int(user_id), options=[joinedload(User.role_rows)])
    if user is None or not user.active or (user.session_version or 0) != int(version):
        return None
    return user


def set_password(user: User, password: str) -> None:
    """Set (or change) the password; a change ends the sessions opened with the old one."""
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(
            _l("The password must have at least %(n)s characters.", n=MIN_PASSWORD),
            field="password",
        )
    method = _hash_method()
    if user.password_hash:
        end_sessions(user)
    user.password_hash = generate_password_hash(password, method=method)


def _hash_method() -> str:
    # Tests set a cheap method; production keeps Werkzeug's default (scrypt).
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


def waste_a_hash_check(password: str) -> None:
    """The work of checking a password, for answers that must not be quicker (no account)."""
    method = _hash_method()
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash("not-a-real-password-xyz", method=method)
    check_password_hash(_DUMMY_HASHES[method], password or "")


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail address and password, or None (same work either way).

    Pages sign in through domain/identity/sign_in.py, which throttles guessing.
    """
    user = find_user_by_email(email)
    if user is None or not user.password_hash:
        waste_a_hash_check(password)
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    if not user.active:
        return None
    return user
