"""Start-up checks of the configuration: production refuses settings that are unsafe.

A shipped or short SECRET_KEY lets anyone forge session cookies, signed reply addresses and
survey links; cookies without Secure leak over plain HTTP; debug mode runs code for anyone
who can trigger an error page. Better to refuse to start than to run like that.
"""

from __future__ import annotations

from collections.abc import Mapping

from config import SHIPPED_SECRET_KEYS

MIN_SECRET_KEY_BYTES = 32
MAKE_A_KEY = "python -c 'import secrets; print(secrets.token_hex(32))'"


class UnsafeConfiguration(RuntimeError):
    """The app must not start with this configuration; the message says what to change."""


def secret_key_problem(key: str | bytes | None) -> str | None:
    """Why `key` is not fit for production, or None."""
    text = key.decode("utf-8", "replace") if isinstance(key, bytes) else (key or "")
    size = len(key) if isinstance(key, bytes) else len(text.encode("utf-8"))
    if not text.strip():
        return "SECRET_KEY is empty."
    if text in SHIPPED_SECRET_KEYS:
        return "SECRET_KEY is a key shipped with the source code."
    if size < MIN_SECRET_KEY_BYTES:
        return f"SECRET_KEY has {size} bytes; at least {MIN_SECRET_KEY_BYTES} are needed."
    if len(set(text)) < 8:
        return "SECRET_KEY repeats too few characters to be random."
    return None


def production_problems(config: Mapping) -> list[str]:
    """Every unsafe production setting, as a sentence that says how to fix it."""
    problems = []
    key_problem = secret_key_problem(config.get("SECRET_KEY"))
    if key_problem:
        problems.append(f"{key_problem} Make one with: {MAKE_A_KEY}")
    if config.get("DEBUG"):
        problems.append("Debug mode is on; unset FLASK_DEBUG.")
    if config.get("TESTING"):
        problems.append("TESTING is on.")
    if config.get("WTF_CSRF_ENABLED") is False:
        problems.append("CSRF protection is off (WTF_CSRF_ENABLED).")
    if not config.get("SESSION_COOKIE_HTTPONLY") or not config.get("REMEMBER_COOKIE_HTTPONLY"):
        problems.append("Session cookies must be HttpOnly.")
    if config.get("SESSION_COOKIE_SAMESITE") not in ("Lax", "Strict"):
        problems.append("SESSION_COOKIE_SAMESITE must be Lax or Strict.")
    if not config.get("INSECURE_HTTP"):
        if not config.get("SESSION_COOKIE_SECURE") or not config.get("REMEMBER_COOKIE_SECURE"):
            problems.append("Session cookies must be Secure (HTTPS only).")
        if not config.get("STRICT_TRANSPORT_SECURITY", "").startswith("max-age="):
            problems.append("STRICT_TRANSPORT_SECURITY must be set, e.g. max-age=31536000.")
        if not str(config.get("BASE_URL", "")).startswith("https://"):
            problems.append(
                "BASE_URL (the address in mail links) must start with https://, "
                "e.g. BASE_URL=https://servicedesk.tanum.se."
            )
    return problems


def check_config(config: Mapping) -> None:
    """Raise UnsafeConfiguration listing every problem (production); any env: a key at all."""
    if config.get("ENV_NAME") == "production":
        problems = production_problems(config)
    elif not config.get("SECRET_KEY"):
        problems = [f"SECRET_KEY must be set. Make one with: {MAKE_A_KEY}"]
    else:
        problems = []
    if problems:
        raise UnsafeConfiguration(
            "Refusing to start with this configuration:\n- " + "\n- ".join(problems)
        )
