"""Production refuses a shipped, short or empty SECRET_KEY and other unsafe settings."""

from __future__ import annotations

import secrets

import pytest

from config import SHIPPED_SECRET_KEYS, DevelopmentConfig, ProductionConfig, TestingConfig
from servicedesk import create_app
from servicedesk.infra.settings import UnsafeConfiguration, production_problems

GOOD_KEY = secrets.token_hex(32)
SAFE = {
    "SECRET_KEY": GOOD_KEY,
    "BASE_URL": "https://servicedesk.tanum.example",
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
}


def _production(**overrides):
    return create_app(ProductionConfig, **{**SAFE, **overrides})


@pytest.mark.parametrize(
    "key",
    sorted(
        {"", DevelopmentConfig.SECRET_KEY, TestingConfig.SECRET_KEY, *SHIPPED_SECRET_KEYS, "x" * 31}
    ),
)
def test_production_refuses_an_unfit_secret_key_and_says_how_to_make_one(key):
    with pytest.raises(UnsafeConfiguration) as exc:
        _production(SECRET_KEY=key)
    assert "SECRET_KEY" in str(exc.value)
    assert "secrets.token_hex(32)" in str(exc.value)


def test_production_refuses_a_long_key_without_randomness():
    with pytest.raises(UnsafeConfiguration):
        _production(SECRET_KEY="a" * 64)


def test_production_starts_with_a_random_key_and_sends_hsts():
    app = _production()
    response = app.test_client().get("/login")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not app.debug


def test_development_and_tests_send_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


@pytest.mark.parametrize(
    ("setting", "value", "words"),
    [
        ("DEBUG", True, "Debug"),
        ("TESTING", True, "TESTING"),
        ("SESSION_COOKIE_SECURE", False, "Secure"),
        ("REMEMBER_COOKIE_SECURE", False, "Secure"),
        ("SESSION_COOKIE_HTTPONLY", False, "HttpOnly"),
        ("SESSION_COOKIE_SAMESITE", None, "SAMESITE"),
        ("WTF_CSRF_ENABLED", False, "CSRF"),
        ("STRICT_TRANSPORT_SECURITY", "", "STRICT_TRANSPORT_SECURITY"),
        ("BASE_URL", "http://servicedesk.tanum.example", "https://"),
    ],
)
def test_production_refuses_other_unsafe_settings(setting, value, words):
    with pytest.raises(UnsafeConfiguration) as exc:
        _production(**{setting: value})
    assert words in str(exc.value)


def test_every_problem_is_listed_at_once():
    config = {k: getattr(ProductionConfig, k) for k in dir(ProductionConfig) if k.isupper()}
    config.update(SECRET_KEY="", DEBUG=True, BASE_URL="http://x")
    assert len(production_problems(config)) == 3


def test_any_environment_needs_some_key():
    with pytest.raises(UnsafeConfiguration):
        create_app(TestingConfig, SECRET_KEY="", SQLALCHEMY_DATABASE_URI="sqlite://")
