"""Template filters and globals: local times, markdown, labels, the language switch."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, g, request, url_for
from flask_babel import format_datetime, get_locale, get_timezone, get_translations
from markupsafe import Markup

from servicedesk.domain import labels
from servicedesk.domain.explanations import with_note
from servicedesk.domain.text import render_markdown
from servicedesk.infra import i18n
from servicedesk.web.nav import ACCOUNT, menu_for, nav_for

LOCAL_MINUTE = "yyyy-MM-dd HH:mm"


def localtime(value: datetime | None, fmt: str = LOCAL_MINUTE) -> str:
    """A UTC instant shown in Europe/Stockholm (Flask-Babel's time zone).

    The default pattern has only digits, the same in every locale, so it is formatted
    directly (a list shows dozens; Babel's general formatter costs ~100 µs each)."""
    if value is None:
        return ""
    if fmt != LOCAL_MINUTE:
        return format_datetime(value, fmt)
    if value.tzinfo is None:  # as Babel reads a naive instant: UTC
        value = value.replace(tzinfo=UTC)
    t = value.astimezone(get_timezone())
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}"


def _translations():
    """The translations of the current locale, looked up once per request and locale
    (Flask-Babel looks them up for every string a template translates). Keyed by the
    locale object, so `force_locale` (mail in the recipient's language) switches too."""
    if not g:
        return get_translations()
    ctx = getattr(g, "_flask_babel", None)
    locale = getattr(ctx, "babel_locale", None)
    if locale is None:
        return get_translations()
    cached = getattr(ctx, "servicedesk_translations", None)
    if cached is None or cached[0] is not locale:
        cached = ctx.servicedesk_translations = (locale, get_translations())
    return cached[1]


def install_cheap_gettext(app: Flask) -> None:
    """Templates' `_()` and friends through `_translations` (same strings, same
    autoescaping: Jinja's new-style gettext wraps these callables as before)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )


def number(value, decimals: int | None = None) -> str:
    return i18n.format_number(value, get_locale(), decimals=decimals)


def money(value) -> str:
    return i18n.format_money(value, get_locale())


def filesize(size) -> str:
    return i18n.format_file_size(size, get_locale())


def percent(ratio, decimals: int = 0) -> str:
    return i18n.format_percent_value(ratio, get_locale(), decimals=decimals)


def iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def register_helpers(app: Flask) -> None:
    from servicedesk.web.assets import register_assets

    register_assets(app)
    install_cheap_gettext(app)
    app.jinja_env.filters["localtime"] = localtime
    app.jinja_env.filters["iso"] = iso
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["filesize"] = filesize
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["label"] = labels.label
    app.jinja_env.globals["explained"] = with_note
    app.jinja_env.globals["nav_items"] = nav_for
    app.jinja_env.globals["nav_menu"] = menu_for
    app.jinja_env.globals["NAV_ACCOUNT"] = ACCOUNT

    @app.context_processor
    def inject_globals():
        def url_with(**changes) -> str:
            args = request.args.to_dict()
            args.update({k: v for k, v in changes.items() if v is not None})
            for key in [k for k, v in changes.items() if v is None]:
                args.pop(key, None)
            return url_for(request.endpoint, **(request.view_args or {}), **args)

        return {
            "current_locale": str(get_locale() or "sv"),
            "url_with": url_with,
            "Markup": Markup,
        }


def current_locale_code() -> str:
    return str(get_locale() or "sv")
