"""Where a person starts: the area their main role works in."""

from __future__ import annotations

from servicedesk.models import Role, User

DESK = "desk"
REPORTS = "reports"
PORTAL = "portal"


def landing_area(user: User) -> str:
    """Agents and admins work cases at the desk (even when they also manage); a manager who
    works no cases reads the reports; everyone else files and follows cases in the portal."""
    if user.is_staff:
        return DESK
    if user.has_role(Role.MANAGER):
        return REPORTS
    return PORTAL
