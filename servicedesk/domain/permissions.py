"""Who may see and work which ticket: one rule, used by every path.

`ticket_visibility(user)` is the single source of truth. Pages, the API, search, counts and
exports filter with it; single-object checks ask the database through the same expression,
so a list and a detail page can never disagree.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true

from servicedesk.domain.errors import NotFound, PermissionDenied
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Change,
    ChangeService,
    Queue,
    QueueMember,
    Role,
    Service,
    Ticket,
    User,
)

# Services at this confidentiality level are visible only to their own people.
RESTRICTED_CONFIDENTIALITY = 4


def _member_queue_ids(user: User):
    return select(QueueMember.queue_id).where(QueueMember.user_id == user.id)


def _restricted_service_ok(user: User) -> ColumnElement[bool]:
    """True for tickets whose service is not restricted, or whose restricted service's
    queue has the user as a member, or that the user administers."""
    restricted = select(Service.id).where(Service.confidentiality >= RESTRICTED_CONFIDENTIALITY)
    own_restricted = select(Service.id).where(
        Service.confidentiality >= RESTRICTED_CONFIDENTIALITY,
        or_(
            Service.queue_id.in_(_member_queue_ids(user)),
            Service.administrator_id == user.id,
            Service.deputy_id == user.id,
        ),
    )
    return or_(
        Ticket.service_id.is_(None),
        Ticket.service_id.not_in(restricted),
        Ticket.service_id.in_(own_restricted),
    )


def _agent_scope(user: User) -> ColumnElement[bool]:
    """Tickets an agent works: those of their queues, assigned to them, or of a service they
    administer, minus restricted services that are not theirs."""
    administered = select(Service.id).where(
        or_(Service.administrator_id == user.id, Service.deputy_id == user.id)
    )
    mine = or_(
        Ticket.queue_id.in_(_member_queue_ids(user)),
        Ticket.assignee_id == user.id,
        Ticket.service_id.in_(administered),
    )
    return and_(mine, _restricted_service_ok(user))


def _is_usable(user: User | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def ticket_visibility(user: User | None) -> ColumnElement[bool]:
    """SQL condition: the tickets `user` may see."""
    if not _is_usable(user):
        return false()
    if user.has_role(Role.ADMIN):
        return true()
    conditions: list[ColumnElement[bool]] = [Ticket.requester_id == user.id]
    if user.has_role(Role.AGENT):
        conditions.append(_agent_scope(user))
    else:
        # A systemförvaltare without the agent role still follows their system's cases.
        administered = select(Service.id).where(
            or_(Service.administrator_id == user.id, Service.deputy_id == user.id)
        )
        conditions.append(Ticket.service_id.in_(administered))
    if user.has_role(Role.MANAGER) and user.unit_id is not None:
        unit_queues = select(Queue.id).where(Queue.unit_id == user.unit_id)
        unit_services = select(Service.id).where(Service.owner_unit_id == user.unit_id)
        conditions.append(
            and_(
                or_(Ticket.queue_id.in_(unit_queues), Ticket.service_id.in_(unit_services)),
                _restricted_service_ok(user),
            )
        )
    return or_(*conditions)


def agent_visibility(user: User | None) -> ColumnElement[bool]:
    """SQL condition: the tickets `user` may work as support staff."""
    if not _is_usable(user) or not user.is_staff:
        return false()
    if user.has_role(Role.ADMIN):
        return true()
    return _agent_scope(user)


def _exists(condition: ColumnElement[bool], ticket: Ticket) -> bool:
    if ticket.id is None:
        return False
    return bool(db.session.scalar(select(exists().where(Ticket.id == ticket.id, condition))))


def can_view_ticket(user: User | None, ticket: Ticket) -> bool:
    return _exists(ticket_visibility(user), ticket)


def is_agent_for(user: User | None, ticket: Ticket) -> bool:
    """May work the ticket as staff: reply as the desk, note, change status and fields."""
    return _exists(agent_visibility(user), ticket)


def hidden_restricted_service_ids(user: User) -> list[int]:
    """Restricted services whose tickets `user` may not see (none for an admin)."""
    if user.has_role(Role.ADMIN):
        return []
    own = select(Service.id).where(
        or_(
            Service.queue_id.in_(_member_queue_ids(user)),
            Service.administrator_id == user.id,
            Service.deputy_id == user.id,
        )
    )
    stmt = select(Service.id).where(
        Service.confidentiality >= RESTRICTED_CONFIDENTIALITY, Service.id.not_in(own)
    )
    return list(db.session.scalars(stmt))


def change_visibility(user: User | None) -> ColumnElement[bool]:
    """SQL condition: the change requests `user` may see. Staff see every change except
    those touching a restricted service whose tickets they may not see either (see
    `hidden_restricted_service_ids`); admins see all. Lists, the calendar, conflicts,
    detail pages and the API all filter with this one condition."""
    if not _is_usable(user) or not user.is_staff:
        return false()
    hidden = hidden_restricted_service_ids(user)
    if not hidden:
        return true()
    touching_hidden = select(ChangeService.change_id).where(ChangeService.service_id.in_(hidden))
    return Change.id.not_in(touching_hidden)


def get_visible_change(user: User | None, change_id: int | None) -> Change:
    """Load a change the user may see, else NotFound: no hint that it exists."""
    change = None
    if change_id:
        change = db.session.scalar(
            select(Change).where(Change.id == change_id, change_visibility(user))
        )
    if change is None:
        raise NotFound(_l("No such change."))
    return change


def works_queue(user: User | None, queue_id: int) -> bool:
    """An admin, or an agent who is a member of the queue."""
    if not _is_usable(user) or not user.is_staff:
        return False
    if user.has_role(Role.ADMIN):
        return True
    stmt = select(exists().where(QueueMember.user_id == user.id, QueueMember.queue_id == queue_id))
    return bool(db.session.scalar(stmt))


def queue_visibility(user: User, hidden: list[int]) -> ColumnElement[bool]:
    """`ticket_visibility(user)` restricted to the tickets of a queue the user works
    (see `works_queue`), in a form the queue index can serve.

    On such a queue every ticket is visible except those of restricted services that are
    not the user's (`hidden`), which stay visible only to their requester. Equivalence
    with the general rule is tested in tests/domain/test_permissions.py.
    """
    if not hidden:
        return true()
    return or_(
        Ticket.service_id.is_(None),
        Ticket.service_id.not_in(hidden),
        Ticket.requester_id == user.id,
    )


def get_visible_ticket(user: User | None, ticket_id: int, *, options=()) -> Ticket:
    """Load a ticket the user may see, else NotFound: no hint that it exists. `options`
    are loader options for what the caller will show (a page loads it all up front)."""
    ticket = db.session.scalar(
        select(Ticket).where(Ticket.id == ticket_id, ticket_visibility(user)).options(*options)
    )
    if ticket is None:
        raise NotFound(_l("No such ticket."))
    return ticket


def require_agent(user: User, ticket: Ticket) -> None:
    if not is_agent_for(user, ticket):
        raise PermissionDenied(_l("Only support staff of this ticket's queue may do that."))


def require_requester_or_agent(user: User, ticket: Ticket) -> None:
    if ticket.requester_id != user.id and not is_agent_for(user, ticket):
        raise PermissionDenied(_l("Only the requester or support staff may do that."))
