"""Template filters and globals: local times, markdown, labels, the language switch."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, request, url_for
from flask_babel import format_datetime, get_locale
from markupsafe import Markup

from servicedesk.domain import labels
from servicedesk.domain.text import render_markdown
from servicedesk.web.nav import nav_for


def localtime(value: datetime | None, fmt: str = "yyyy-MM-dd HH:mm") -> str:
    """A UTC instant shown in Europe/Stockholm (Flask-Babel's time zone)."""
    if value is None:
        return ""
    return format_datetime(value, fmt)


def iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def register_helpers(app: Flask) -> None:
    from servicedesk.web.assets import register_assets

    register_assets(app)
    app.jinja_env.filters["localtime"] = localtime
    app.jinja_env.filters["iso"] = iso
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["label"] = labels.label
    app.jinja_env.globals["nav_items"] = nav_for

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
