"""Response headers every page carries (ASVS 3.4): CSP, nosniff, framing, referrer, caching,
and in production HSTS (the browser then never tries plain HTTP for the site again)."""

from __future__ import annotations

from flask import Response, current_app

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    hsts = current_app.config.get("STRICT_TRANSPORT_SECURITY")
    if hsts:
        headers.setdefault("Strict-Transport-Security", hsts)
    if response.mimetype == "text/html" or response.mimetype == "application/json":
        # Pages and API answers carry personal data: never cached by browsers or proxies.
        headers.setdefault("Cache-Control", "no-store")
    return response
