"""The API blueprint that every area's route module registers its views on.

CSRF protection is off for this blueprint only because it never reads the session cookie:
a request is authenticated by its bearer token or refused (see api/auth.py).
"""

from __future__ import annotations

from flask import Blueprint

from servicedesk.api.auth import authenticate_request
from servicedesk.api.errors import handle_domain_error
from servicedesk.domain.errors import DomainError
from servicedesk.infra.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.before_request(authenticate_request)
bp.register_error_handler(DomainError, handle_domain_error)
