"""Change management and problem management for staff: change requests, the change calendar,
change admin (freezes, CAB), ticket links, and problem records (their own blueprint)."""

from __future__ import annotations

from servicedesk.web.changes import admin, calendar, problems, ticket_links, views  # noqa: F401
from servicedesk.web.changes.common import bp

__all__ = ["bp"]
