"""The knowledge base (kunskapsbank): reading (portal and staff), writing (agents of the
service's queue and admins), the ticket page's panel, and the report."""

from __future__ import annotations

from servicedesk.web.kb import reading, report, tickets, writing  # noqa: F401
from servicedesk.web.kb.common import bp

__all__ = ["bp"]
