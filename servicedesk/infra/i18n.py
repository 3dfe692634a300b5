"""Language and time zone: Swedish by default, English on request, times in Stockholm."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, g, has_request_context, request, session
from flask_login import current_user

from servicedesk.infra.extensions import babel

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"  # servicedesk/translations


def compile_catalogs(directory: Path = TRANSLATIONS) -> None:
    """Compile each .po whose .mo is missing or older, so a checkout never serves stale text."""
    for po_path in directory.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        # a temporary file of this process's own: several processes (gunicorn workers,
        # test workers) may compile at once, and each must replace the .mo whole
        fd, tmp = tempfile.mkstemp(dir=mo_path.parent, prefix=mo_path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(tmp, mo_path)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and jobs: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.path.startswith("/api/"):
        # The API never reads the session: the token's user, else the Accept-Language header.
        api_user = g.get("api_user")
        if api_user is not None and api_user.locale in languages:
            return api_user.locale
        return request.accept_languages.best_match(languages, default="sv") or "sv"
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if request:
        # Swedish first: only a browser that prefers English over Swedish gets English.
        best = request.accept_languages.best_match(languages, default="sv")
        return best or "sv"
    return "sv"


def select_timezone() -> str:
    return current_app.config["DISPLAY_TIMEZONE"]


def init_i18n(app: Flask) -> None:
    compile_catalogs()
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
