"""Language and time zone: Swedish by default, English on request, times in Stockholm."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel import numbers
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


# Numbers as the reader's language writes them: "25 000 kr", "0,3 kB", "25 %" in Swedish,
# "SEK 25,000", "0.3 kB", "25%" in English. Each takes the locale (a code or a Babel
# locale) explicitly; the Jinja filters pass the request's (web/helpers.py).


def format_number(value: float | int | None, locale, *, decimals: int | None = None) -> str:
    """A count or measure; `decimals` fixes the fraction digits (none by default for ints)."""
    if value is None:
        return "–"
    if decimals is None:
        return numbers.format_decimal(value, locale=locale)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return numbers.format_decimal(value, format=pattern, locale=locale)


def format_money(value: float | int | None, locale, *, currency: str = "SEK") -> str:
    """An amount in kronor, whole kronor without decimals ("25 000 kr" / "SEK 25,000")."""
    if value is None:
        return "–"
    whole = float(value).is_integer()
    pattern = numbers.Locale.parse(locale).currency_formats["standard"].pattern
    if whole:
        pattern = pattern.replace(".00", "")
    pattern = pattern.replace("¤#", "¤\u00a0#")  # "SEK 25,000", not "SEK25,000"
    return numbers.format_currency(
        value, currency, format=pattern, locale=locale, currency_digits=not whole
    )


def format_file_size(size: int | None, locale) -> str:
    """Bytes as B, kB or MB with one decimal in the locale's form ("0,3 kB")."""
    if size is None:
        return "–"
    if size < 1024:
        return f"{numbers.format_decimal(size, locale=locale)}\u00a0B"
    for unit, scale in (("kB", 1024), ("MB", 1024**2), ("GB", 1024**3)):
        if size < scale * 1024 or unit == "GB":
            return f"{format_number(size / scale, locale, decimals=1)}\u00a0{unit}"
    raise AssertionError("unreachable")


def format_percent_value(ratio: float | None, locale, *, decimals: int = 0) -> str:
    """A share (0.253) as a percentage ("25 %" / "25%")."""
    if ratio is None:
        return "–"
    pattern = numbers.Locale.parse(locale).percent_formats[None].pattern
    if decimals:
        pattern = pattern.replace("0", "0." + "0" * decimals, 1)
    return numbers.format_percent(ratio, format=pattern, locale=locale)
