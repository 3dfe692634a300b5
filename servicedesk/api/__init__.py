"""REST API v1: JSON over the same domain functions as the pages, authenticated by token.

CSRF protection is off for this blueprint only because it never reads the session cookie:
a request is authenticated by its bearer token or refused (see api/auth.py).
"""

from __future__ import annotations

from flask import Blueprint

from servicedesk.api.auth import authenticate_request
from servicedesk.api.errors import handle_domain_error
from servicedesk.domain.errors import DomainError
from servicedesk.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.before_request(authenticate_request)
bp.register_error_handler(DomainError, handle_domain_error)

# Route modules register their views on `bp` at import.
from servicedesk.api import (  # noqa: E402,F401
    catalog,
    changes,
    conversation,
    openapi,
    problems,
    reports,
    tickets,
)
