"""Who sees which figures: one visibility rule for figures, drill-down and CSV.

Admins and managers of the IT unit see the whole organisation. A department manager sees
the tickets of their department: those of the services the department owns and those held
by the department's queues; OLA figures are theirs when their queue held the ticket. Who
oversees what is decided once, in `permissions` (`manager_unit_id`, `department_tickets`,
`manager_remit`).

Within that remit the report counts exactly the tickets the reader may open: the tickets of
a restricted (KLASSA 4) service that is not the reader's own are left out of every figure
(`hidden_services`, from `permissions.hidden_restricted_service_ids`, the same rule as
`ticket_visibility`). So every figure equals the number of tickets its drill-down lists and
the rows of its CSV, and nothing on the page hints at cases the reader may not open.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, or_, true

from servicedesk.domain.errors import PermissionDenied
from servicedesk.domain.permissions import (
    department_tickets,
    hidden_restricted_service_ids,
    manager_unit_id,
    sees_security_incidents,
    unit_queue_ids,
)
from servicedesk.models import Role, SlaTimer, Ticket, TicketType, User


@dataclass(frozen=True)
class ReportScope:
    unit_id: int | None  # None: everything
    hidden_services: tuple[int, ...] = ()  # restricted services the reader may not open
    hidden_security: bool = False  # security incidents, unless the reader sees them

    @property
    def everything(self) -> bool:
        """The whole organisation (some confidential services may still be left out)."""
        return self.unit_id is None

    @property
    def needs_ticket(self) -> bool:
        """Whether a count must look at the ticket (its unit or its service) at all."""
        return not self.everything or bool(self.hidden_services) or self.hidden_security

    def openable(self) -> ColumnElement[bool]:
        """Tickets not of a restricted service hidden from the reader (nor security
        incidents, for a reader who does not see them)."""
        security = Ticket.type != TicketType.SECURITY.value if self.hidden_security else true()
        if not self.hidden_services:
            return security
        services = or_(Ticket.service_id.is_(None), Ticket.service_id.not_in(self.hidden_services))
        return and_(services, security)

    def tickets(self) -> ColumnElement[bool]:
        if self.everything:
            return self.openable()
        return and_(department_tickets(self.unit_id), self.openable())

    def figures(self, service_id: ColumnElement, queue_id: ColumnElement) -> ColumnElement[bool]:
        """`tickets()` on a figure table's columns (0 there stands for "no service")."""
        condition = self.figures_openable(service_id)
        if self.everything:
            return condition
        return and_(department_tickets(self.unit_id, service_id, queue_id), condition)

    def figures_openable(self, service_id: ColumnElement) -> ColumnElement[bool]:
        """`openable()` on a figure table's service column."""
        return service_id.not_in(self.hidden_services) if self.hidden_services else true()

    def ola_timers(self) -> ColumnElement[bool]:
        """OLA timers of the reader's queues; the caller joins their ticket (`openable`)."""
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
    return ReportScope(
        unit_id,
        tuple(hidden_restricted_service_ids(user)),
        hidden_security=not sees_security_incidents(user),
    )
