"""Major incidents for agents: the ticket page's box, the major incident's page, the
desk's suggestions, and the admins' thresholds."""

from __future__ import annotations

from servicedesk.web.major.views import bp

__all__ = ["bp"]
