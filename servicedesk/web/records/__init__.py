"""Public records pages (domain/records): the register and its CSV, a ticket's secrecy
and authority, legal holds and the thinning log for registrars; authorities, OSL
provisions, retention rules and the data-subject export for admins."""

from __future__ import annotations

# Imported for their routes on `bp`.
from servicedesk.web.records import admin, archive, personal, retention, views  # noqa: E402, F401
from servicedesk.web.records.common import bp

__all__ = ["bp"]
