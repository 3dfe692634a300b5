"""The reports area for managers: the SLA report, drill-down, breaches, CSV, subscriptions,
and the satisfaction survey (its own blueprint)."""

from __future__ import annotations

from servicedesk.web.reports.views import bp

__all__ = ["bp"]
