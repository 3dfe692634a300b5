"""Rendering a mail from templates/email/<name>.txt and .html in the recipient's language.

The subject is the FIRST LINE of the .txt template; the body is everything after the blank
line that follows it. Both templates get `base_url` and `link(endpoint, **values)`, which
builds absolute links from BASE_URL (mail is rendered outside any request, e.g. by jobs).
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale

from servicedesk.domain.text import single_line


def absolute_url(endpoint: str, **values) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    adapter = current_app.url_map.bind("localhost")
    return base + adapter.build(endpoint, values)


def one_line(value: str, limit: int = 300) -> str:
    """Header-safe: no line breaks (no header injection), collapsed whitespace."""
    return single_line(value)[:limit]


def render_mail(template_name: str, *, locale: str, **context) -> tuple[str, str, str]:
    """(subject, text, html) of one mail, rendered in `locale`."""
    context.setdefault("locale", locale)
    context.setdefault("base_url", current_app.config["BASE_URL"].rstrip("/"))
    context.setdefault("link", absolute_url)
    with force_locale(locale):
        text = render_template(f"email/{template_name}.txt", **context)
        html = render_template(f"email/{template_name}.html", **context)
    subject, _, body = text.lstrip("\n").partition("\n")
    return one_line(subject), body.strip("\n") + "\n", html
