"""Who sees which figures.

Admins and managers of the IT unit see the whole organisation. A department manager sees
the tickets of their department: those of the services the department owns and those held
by the department's queues; OLA figures are theirs when their queue held the ticket.
Aggregates use this scope only; any list of tickets is further cut by
`permissions.ticket_visibility`, so a confidential service's tickets stay hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, or_, select, true

from servicedesk.domain.errors import PermissionDenied
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Role, Service, SlaTimer, Ticket, Unit, UnitKind, User


@dataclass(frozen=True)
class ReportScope:
    unit_id: int | None  # None: everything

    @property
    def everything(self) -> bool:
        return self.unit_id is None

    def tickets(self) -> ColumnElement[bool]:
        if self.everything:
            return true()
        return or_(
            Ticket.service_id.in_(select(Service.id).where(Service.owner_unit_id == self.unit_id)),
            Ticket.queue_id.in_(self._queues()),
        )

    def ola_timers(self) -> ColumnElement[bool]:
        return self.ola_queues(SlaTimer.queue_id)

    def ola_queues(self, queue_id: ColumnElement) -> ColumnElement[bool]:
        """OLA figures by the queue that held the ticket (`queue_id`, a timer's queue)."""
        if self.everything:
            return true()
        return queue_id.in_(self._queues())

    def _queues(self):
        return select(Queue.id).where(Queue.unit_id == self.unit_id)


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
    if user.has_role(Role.ADMIN):
        return ReportScope(None)
    unit = db.session.get(Unit, user.unit_id) if user.unit_id else None
    if unit is None:
        raise PermissionDenied(_l("Only managers may see reports."))
    if unit.kind == UnitKind.IT_UNIT:
        return ReportScope(None)
    return ReportScope(unit.id)
