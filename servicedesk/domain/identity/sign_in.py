"""Signing in with a password, throttled per account and per client address.

Attempts are rows in `login_attempt`, so every node sees the same counts. After
`LOGIN_MAX_FAILURES_PER_ACCOUNT` failures for one typed address (known or not: the same
answer either way, so the throttle does not tell which accounts exist), or
`LOGIN_MAX_FAILURES_PER_ADDRESS` failures from one client address across accounts, every
attempt is refused, even with the right password, until the lock has passed. The lock
doubles with each further failure. Rules and figures: docs/security.md.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.identity.users import (
    account_arrived,
    authenticate,
    find_user_by_email,
    normalise_email,
    waste_a_hash_check,
)
from servicedesk.infra.extensions import db
from servicedesk.models import LoginAttempt, User

# Failures for an account count until a successful sign-in, or for a day.
ACCOUNT_LOOKBACK = timedelta(hours=24)
# A client address may be a whole town hall behind one NAT: its failures count for an hour.
ADDRESS_LOOKBACK = timedelta(hours=1)
MAX_DOUBLINGS = 10


@dataclass(frozen=True)
class SignIn:
    """The outcome: the user, or None; `retry_after` is set when the throttle refused."""

    user: User | None
    retry_after: timedelta | None = None

    @property
    def retry_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after.total_seconds() / 60)) if self.retry_after else 0


def account_key(email: str) -> str:
    return hashlib.sha256(normalise_email(email)[:254].encode("utf-8")).hexdigest()


def sign_in(email: str, password: str, *, address: str | None, now: datetime) -> SignIn:
    """Check a password unless the account or the address is locked; record the attempt."""
    account, address = account_key(email), (address or "unknown")[:45]
    wait = lock_remaining(account, address, now=now)
    if wait:
        waste_a_hash_check(password)  # the same work whether the account exists or not
        _audit_sign_in(email, None, address, now=now, locked=True)
        return SignIn(None, retry_after=wait)
    user = authenticate(email, password)
    db.session.add(LoginAttempt(at=now, account=account, address=address, succeeded=bool(user)))
    _audit_sign_in(email, user, address, now=now)
    if user is not None:
        account_arrived.send(user, actor=user, now=now)
    db.session.flush()
    return SignIn(user)


def _audit_sign_in(
    email: str, user: User | None, address: str, *, now: datetime, locked: bool = False
) -> None:
    """Every sign-in in the audit log: a success by its user; a failure against the account
    the address names, if there is one (the typed text itself is not kept: people type
    passwords into the address field), `locked` when the throttle refused it."""
    if user is not None:
        record_audit(user, "sign_in", user, ip=address, now=now)
        return
    named = find_user_by_email(email)
    record_audit(
        None,
        "sign_in_locked" if locked else "sign_in_failed",
        named,
        object_type="User",
        label=named.email if named is not None else "",
        ip=address,
        now=now,
    )


def lock_remaining(account: str, address: str, *, now: datetime) -> timedelta | None:
    """How long the account or the address is still locked, or None."""
    config = current_app.config
    base = timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
    waits = [
        _wait(
            LoginAttempt.account == account,
            limit=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
            lookback=ACCOUNT_LOOKBACK,
            reset_on_success=True,
            base=base,
            now=now,
        ),
        _wait(
            LoginAttempt.address == address,
            limit=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
            lookback=ADDRESS_LOOKBACK,
            reset_on_success=False,  # one colleague's success must not reset an attacker
            base=base,
            now=now,
        ),
    ]
    longest = max(waits)
    return longest if longest > timedelta(0) else None


def _wait(
    key,
    *,
    limit: int,
    lookback: timedelta,
    reset_on_success: bool,
    base: timedelta,
    now: datetime,
) -> timedelta:
    since = now - lookback
    failures = select(func.count(), func.max(LoginAttempt.at)).where(
        key, LoginAttempt.at > since, LoginAttempt.succeeded.is_(False)
    )
    if reset_on_success:
        last_success = (
            select(func.max(LoginAttempt.at))
            .where(key, LoginAttempt.at > since, LoginAttempt.succeeded.is_(True))
            .scalar_subquery()
        )
        failures = failures.where(or_(last_success.is_(None), LoginAttempt.at > last_success))
    count, last = db.session.execute(failures).one()
    if count < limit:
        return timedelta(0)
    lock = min(base * 2 ** min(count - limit, MAX_DOUBLINGS), lookback)
    return last + lock - now


def clear_failures(email: str) -> int:
    """Lift an account's lock (`flask users unlock`): its failures are forgotten."""
    stmt = delete(LoginAttempt).where(
        LoginAttempt.account == account_key(email), LoginAttempt.succeeded.is_(False)
    )
    return db.session.execute(stmt).rowcount


def prune_attempts(*, now: datetime) -> int:
    """Attempts older than the longest lookback count for nothing any more."""
    stmt = delete(LoginAttempt).where(LoginAttempt.at < now - ACCOUNT_LOOKBACK)
    return db.session.execute(stmt).rowcount
