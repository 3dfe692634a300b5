"""Password guessing is throttled per account and per client address (finding 13).

The same answer for a known and an unknown account: the throttle must not tell which
addresses have accounts.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from servicedesk.domain.identity.sign_in import lock_remaining, prune_attempts, sign_in
from servicedesk.infra.extensions import db
from servicedesk.models import LoginAttempt
from tests.conftest import PASSWORD, csrf_token

HOME = "10.0.0.1"
UNKNOWN = "ingen.alls@tanum.example"


def _fail(email: str, times: int, *, now, address: str = HOME) -> None:
    for i in range(times):
        result = sign_in(email, "fel-lösenord", address=address, now=now + timedelta(seconds=i))
        assert result.user is None and result.retry_after is None


@pytest.mark.parametrize("known", [True, False])
def test_the_sixth_attempt_is_refused_even_with_the_right_password(org, now, known):
    email = org.employee.email if known else UNKNOWN
    _fail(email, 5, now=now)
    result = sign_in(email, PASSWORD, address=HOME, now=now + timedelta(minutes=1))
    assert result.user is None
    assert result.retry_after == timedelta(minutes=14, seconds=4)
    assert result.retry_minutes == 15
    # a refused attempt is not checked, not counted, and from another address still refused
    other = sign_in(email, PASSWORD, address="10.9.9.9", now=now + timedelta(minutes=2))
    assert other.user is None and other.retry_after


def test_known_and_unknown_accounts_get_the_same_answer(org, now):
    _fail(org.employee.email, 5, now=now)
    _fail(UNKNOWN, 5, now=now, address="10.0.0.2")
    later = now + timedelta(minutes=1)
    known = sign_in(org.employee.email, PASSWORD, address=HOME, now=later)
    unknown = sign_in(UNKNOWN, PASSWORD, address="10.0.0.2", now=later)
    assert known == unknown


def test_after_the_lock_the_right_password_works_and_resets_the_count(org, now):
    _fail(org.employee.email, 5, now=now)
    after = now + timedelta(minutes=15, seconds=5)
    assert sign_in(org.employee.email, PASSWORD, address=HOME, now=after).user == org.employee
    _fail(org.employee.email, 4, now=after)  # the count started again
    assert sign_in(org.employee.email, PASSWORD, address=HOME, now=after).user == org.employee


def test_the_lock_grows_with_each_failure_after_it(org, now):
    email = org.employee.email
    _fail(email, 5, now=now)
    t = now + timedelta(minutes=16)
    _fail(email, 1, now=t)
    assert sign_in(email, PASSWORD, address=HOME, now=t).retry_after == timedelta(minutes=30)
    t += timedelta(minutes=31)
    _fail(email, 1, now=t)
    assert sign_in(email, PASSWORD, address=HOME, now=t).retry_after == timedelta(minutes=60)


def test_the_address_limit_applies_across_accounts(org, now):
    for n in range(30):
        _fail(f"gissning{n}@tanum.example", 1, now=now + timedelta(seconds=n))
    later = now + timedelta(minutes=1)
    refused = sign_in(org.admin.email, PASSWORD, address=HOME, now=later)
    assert refused.user is None and refused.retry_after
    # the same account from another address is not hit by this address's lock
    assert sign_in(org.admin.email, PASSWORD, address="10.0.0.7", now=later).user == org.admin
    # and the address is free again after the lock
    free = now + timedelta(minutes=16)
    assert sign_in(org.admin.email, PASSWORD, address=HOME, now=free).user == org.admin


def test_attempts_are_stored_without_the_typed_address_and_pruned(org, now):
    _fail("mitt-hemliga-lösenord", 1, now=now)
    row = db.session.scalar(select(LoginAttempt))
    assert "hemliga" not in row.account and len(row.account) == 64
    assert prune_attempts(now=now + timedelta(hours=23)) == 0
    assert prune_attempts(now=now + timedelta(hours=25)) == 1
    assert lock_remaining(row.account, HOME, now=now) is None


def _post_login(client, email: str, password: str):
    return client.post(
        "/login", data={"csrf_token": csrf_token(client), "email": email, "password": password}
    )


def _error(page: str) -> str:
    match = re.search(r'class="[^"]*error[^"]*"[^>]*>([^<]*För många[^<]*)<', page)
    assert match, page
    return match.group(1).strip()


def test_the_sign_in_page_refuses_after_five_failures_with_one_swedish_answer(app, org):
    answers = []
    for email in (org.employee.email, UNKNOWN):
        client = app.test_client()
        for _ in range(5):
            response = _post_login(client, email, "fel-lösenord")
            assert response.status_code == 200
            assert "Fel e-postadress eller lösenord" in response.text
        response = _post_login(client, email, PASSWORD)
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "900"
        answers.append(_error(response.text))
        assert client.get("/portal/").status_code == 302  # not signed in
    assert answers == ["För många misslyckade inloggningar. Försök igen om 15 minuter."] * 2
    # 10 checked attempts, the two refused ones not recorded; 10 is under the address limit
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 10


@pytest.mark.parametrize(("hops", "seen"), [(0, "10.0.0.254"), (1, "192.0.2.5")])
def test_the_client_address_is_taken_from_trusted_proxies_only(hops, seen):
    from flask import request

    from config import TestingConfig
    from servicedesk import create_app

    app = create_app(TestingConfig, TRUSTED_PROXIES=hops, SQLALCHEMY_DATABASE_URI="sqlite://")
    app.add_url_rule("/whoami", "whoami", lambda: request.remote_addr)
    response = app.test_client().get(
        "/whoami",
        environ_base={"REMOTE_ADDR": "10.0.0.254"},
        headers={"X-Forwarded-For": "192.0.2.5"},
    )
    assert response.text == seen


def test_flask_users_unlock_lifts_the_lock(app, org, now):
    _fail(org.employee.email, 5, now=now)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "unlock", org.employee.email.upper()])
    assert result.exit_code == 0 and "5" in result.output
    assert sign_in(org.employee.email, PASSWORD, address=HOME, now=now).user == org.employee


def test_old_attempts_are_pruned_by_a_scheduled_job(app, org, now):
    from servicedesk.jobs.scheduler import JOBS, _load_jobs

    _load_jobs()
    _fail(UNKNOWN, 1, now=now - timedelta(days=2))
    db.session.commit()
    JOBS["prune-login-attempts"].func(now=now)
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 0
