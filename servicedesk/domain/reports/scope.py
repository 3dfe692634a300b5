"""Who sees which figures.

Admins and managers of the IT unit see the whole organisation. A department manager sees
the tickets of their department: those of the services the department owns and those held
by the department's queues; OLA figures are theirs when their queue held the ticket.
Aggregates use this scope only; any list of tickets is further cut by
`permissions.ticket_visibility`, so a confidential service's tickets stay hidden. Who
oversees what is decided once, in `permissions` (`manager_unit_id`, `department_tickets`,
`manager_remit`): a figure's tickets are always within what the manager may open, apart
from confidential ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, true

from servicedesk.domain.errors import PermissionDenied
from servicedesk.domain.permissions import department_tickets, manager_unit_id, unit_queue_ids
from servicedesk.models import Role, SlaTimer, User


@dataclass(frozen=True)
class ReportScope:
    unit_id: int | None  # None: everything

    @property
    def everything(self) -> bool:
        return self.unit_id is None

    def tickets(self) -> ColumnElement[bool]:
        if self.everything:
            return true()
        return department_tickets(self.unit_id)

    def ola_timers(self) -> ColumnElement[bool]:
        return self.ola_queues(SlaTimer.queue_id)

    def ola_queues(self, queue_id: ColumnElement) -> ColumnElement[bool]:
        """OLA figures by the queue that held the ticket (`queue_id`, a timer's queue)."""
        if self.everything:
            return true()
        return queue_id.in_(unit_queue_ids(self.unit_id))


def can_view_reports(user: User | None) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.active
        and user.has_role(Role.MANAGER, Role.ADMIN)
    )


def scope_for(user: User) -> ReportScope:
    """The report scope of a manager or admin; anyone else is refused."""
    if not can_view_reports(user):
        raise PermissionDenied(_l("Only managers may see reports."))
    unit_id = manager_unit_id(user)  # the same rule that lets the manager open tickets
    if unit_id is False:
        raise PermissionDenied(_l("Only managers may see reports."))
    return ReportScope(unit_id)
