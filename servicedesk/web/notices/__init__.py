"""Outage notices (driftinformation): public page and feed, desk editor, portal actions."""

from __future__ import annotations

from servicedesk.web.notices.views import bp

__all__ = ["bp"]
