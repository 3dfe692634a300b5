"""Configuration read from the environment; one class per way of running."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
# Keys written in this file or its docs: anyone can read them, so production refuses them.
SHIPPED_SECRET_KEYS = frozenset({"dev-only-not-secret", "test-only", "change-me"})


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://") :]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    return f"sqlite:///{BASE_DIR / 'instance' / 'servicedesk.db'}"


class Config:
    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    LANGUAGES = ("sv", "en")
    DISPLAY_TIMEZONE = "Europe/Stockholm"

    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sent as Strict-Transport-Security when set (production only: HTTPS is required there).
    STRICT_TRANSPORT_SECURITY = ""

    # Sign-in throttling (docs/security.md): failures per account and per client address.
    LOGIN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5))
    LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", 30))
    LOGIN_LOCK_MINUTES = int(os.environ.get("LOGIN_LOCK_MINUTES", 15))
    # How many reverse proxies in front set X-Forwarded-For/-Proto (0: none, trust nothing).
    # The sign-in throttle counts per client address, which is the proxy's without this.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", 0))

    # Attachments: size limit per file, for all the files of one post, and an allow-list of
    # extensions. A request body may hold the files of one post and the text typed with
    # them (a bigger one is refused before it is read; the portal then shows its form
    # again with the text: web/tickets/portal.py).
    ATTACHMENT_MAX_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
    ATTACHMENT_TOTAL_BYTES = int(os.environ.get("MAX_UPLOAD_TOTAL_BYTES", 25 * 1024 * 1024))
    MAX_CONTENT_LENGTH = max(ATTACHMENT_MAX_BYTES, ATTACHMENT_TOTAL_BYTES) + 256 * 1024
    ATTACHMENT_EXTENSIONS = frozenset(
        [
            "pdf",
            "png",
            "jpg",
            "jpeg",
            "gif",
            "txt",
            "log",
            "csv",
            "docx",
            "xlsx",
            "pptx",
            "odt",
            "ods",
            "odp",
            "eml",
            "msg",
            "zip",
        ]
    )
    ATTACHMENT_DIR = os.environ.get("ATTACHMENT_DIR", str(BASE_DIR / "instance" / "attachments"))
    # Archive packages written from the records admin page; unset: "archive" beside the
    # attachments folder.
    ARCHIVE_DIR = os.environ.get("ARCHIVE_DIR")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "servicedesk@tanum.example")
    MAIL_SUPPRESS_SEND = _bool("MAIL_SUPPRESS_SEND", False)
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    # The desk's own address (From of outbound mail, reply address domain). Defaults to the
    # sender address; replies go to <local>+<signed token>@<domain>.
    MAIL_DESK_ADDRESS = os.environ.get("MAIL_DESK_ADDRESS", "") or MAIL_DEFAULT_SENDER
    # The accessibility statement's contact phone (Tanums kommun's switchboard) and the
    # bound on reports from people who are not signed in
    ACCESSIBILITY_CONTACT_PHONE = os.environ.get("ACCESSIBILITY_CONTACT_PHONE", "0525-180 00")
    ACCESSIBILITY_REPORTS_PER_HOUR = int(os.environ.get("ACCESSIBILITY_REPORTS_PER_HOUR", 20))
    MAIL_GIVE_UP_HOURS = int(os.environ.get("MAIL_GIVE_UP_HOURS", 48))
    MAIL_SEND_BATCH = int(os.environ.get("MAIL_SEND_BATCH", 100))
    # How long a sender's claim on a batch of outbox rows holds (a crashed sender's rows
    # are sent by a later run after this); longer than a batch can take to send.
    MAIL_CLAIM_LEASE_MINUTES = int(os.environ.get("MAIL_CLAIM_LEASE_MINUTES", 10))
    MAIL_SMTP_TIMEOUT = int(os.environ.get("MAIL_SMTP_TIMEOUT", 30))
    MAIL_MAX_PER_RECIPIENT_PER_HOUR = int(os.environ.get("MAIL_MAX_PER_RECIPIENT_PER_HOUR", 30))
    # Inbound: "create" an account for unknown senders, or "reject" them with one reply.
    MAIL_UNKNOWN_SENDER = os.environ.get("MAIL_UNKNOWN_SENDER", "reject")
    MAIL_INBOUND_PER_HOUR = int(os.environ.get("MAIL_INBOUND_PER_HOUR", 20))
    MAIL_INBOUND_MAX_BYTES = int(os.environ.get("MAIL_INBOUND_MAX_BYTES", 25 * 1024 * 1024))
    MAIL_IMAP_HOST = os.environ.get("MAIL_IMAP_HOST", "")
    MAIL_IMAP_PORT = int(os.environ.get("MAIL_IMAP_PORT", 993))
    MAIL_IMAP_SSL = _bool("MAIL_IMAP_SSL", True)
    MAIL_IMAP_USER = os.environ.get("MAIL_IMAP_USER", "")
    MAIL_IMAP_PASSWORD = os.environ.get("MAIL_IMAP_PASSWORD", "")
    MAIL_IMAP_FOLDER = os.environ.get("MAIL_IMAP_FOLDER", "INBOX")
    # Move processed messages here (created if missing); empty: only flag them \Seen.
    MAIL_IMAP_PROCESSED_FOLDER = os.environ.get("MAIL_IMAP_PROCESSED_FOLDER", "")

    SCHEDULER_ENABLED = _bool("SCHEDULER_ENABLED", False)
    TICKETS_PER_PAGE = 25


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SCHEDULER_ENABLED = _bool("SCHEDULER_ENABLED", True)


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-only"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True
    MAIL_SUPPRESS_SEND = True
    SCHEDULER_ENABLED = False
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast for tests only
    BASE_URL = "http://localhost"


class ProductionConfig(Config):
    """HTTPS only; servicedesk/infra/settings.py refuses to start on an unsafe setting."""

    ENV_NAME = "production"
    DEBUG = False
    # Only for a benchmark on 127.0.0.1 without TLS: Secure cookies, HSTS and the https
    # BASE_URL check are off. Never on a real server.
    INSECURE_HTTP = _bool("SERVICEDESK_INSECURE_HTTP", False)
    SESSION_COOKIE_SECURE = not INSECURE_HTTP
    REMEMBER_COOKIE_SECURE = not INSECURE_HTTP
    PREFERRED_URL_SCHEME = "http" if INSECURE_HTTP else "https"
    STRICT_TRANSPORT_SECURITY = (
        ""
        if INSECURE_HTTP
        else os.environ.get("STRICT_TRANSPORT_SECURITY", "max-age=31536000; includeSubDomains")
    )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS[os.environ.get("SERVICEDESK_ENV", "development")]
