"""Who may see and work which ticket: one rule, used by every path.

`ticket_visibility(user)` is the single source of truth. Pages, the API, search, counts and
exports filter with it; single-object checks ask the database through the same expression,
so a list and a detail page can never disagree.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true

from servicedesk.domain.errors import NotFound, PermissionDenied, ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Change,
    ChangeService,
    Queue,
    QueueMember,
    Role,
    SavedView,
    Service,
    SlaTimer,
    Ticket,
    TimerKind,
    Unit,
    UnitKind,
    User,
)

# Services at this confidentiality level are visible only to their own people.
RESTRICTED_CONFIDENTIALITY = 4
# The error code of a move that would leave a ticket with a queue or person who cannot see it.
HOLDER_CANNOT_SEE = "holder_cannot_see"


def _member_queue_ids(user: User):
    return select(QueueMember.queue_id).where(QueueMember.user_id == user.id)


def _own_service(queue_ids, user_id: int | None) -> ColumnElement[bool]:
    """A condition on `Service`: the service is the own one of these queues' members or of
    this person (its systemförvaltare or deputy). The one definition of "its own people"."""
    return or_(
        Service.queue_id.in_(queue_ids),
        Service.administrator_id == user_id,
        Service.deputy_id == user_id,
    )


def _restricted_service_ok(user: User) -> ColumnElement[bool]:
    """True for tickets whose service is not restricted, or whose restricted service's
    queue has the user as a member, or that the user administers."""
    restricted = select(Service.id).where(Service.confidentiality >= RESTRICTED_CONFIDENTIALITY)
    own_restricted = select(Service.id).where(
        Service.confidentiality >= RESTRICTED_CONFIDENTIALITY,
        _own_service(_member_queue_ids(user), user.id),
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
    if user.has_role(Role.MANAGER):
        conditions.append(and_(manager_remit(user), _restricted_service_ok(user)))
    return or_(*conditions)


def narrow_ticket_scope(user: User | None):
    """For one who is neither staff nor a manager, a select of the ids of every ticket they
    may see (those they requested, and those of a service they administer), in two parts
    the indexes serve; None for staff and managers, whose set is not small. A search drives
    from it instead of from every match; `ticket_visibility` still decides each row."""
    if not _is_usable(user) or user.is_staff or user.has_role(Role.MANAGER):
        return None
    administered = select(Service.id).where(
        or_(Service.administrator_id == user.id, Service.deputy_id == user.id)
    )
    own = select(Ticket.id).where(Ticket.requester_id == user.id)
    return own.union(select(Ticket.id).where(Ticket.service_id.in_(administered)))


# --- Managers -------------------------------------------------------------------------
# One rule for what a manager oversees (docs/reports.md, "Scope and confidentiality"): the
# report's figures count the tickets of `manager_remit`; every list of tickets (drill-down,
# breach list, their CSV, the ticket pages) shows those of them the manager may open,
# which is all of them except a restricted service's that are not the manager's own. So
# a figure and its list differ by confidential tickets only, and the page says so.

EVERYTHING = None  # `manager_unit_id` of one who oversees the whole organisation


def manager_unit_id(user: User) -> int | None | bool:
    """The unit whose tickets the manager oversees; `EVERYTHING` (None) for admins and
    managers of the IT unit (the whole organisation); False for a manager without a unit."""
    if user.has_role(Role.ADMIN):
        return EVERYTHING
    unit = db.session.get(Unit, user.unit_id) if user.unit_id else None
    if unit is None:
        return False
    return EVERYTHING if unit.kind == UnitKind.IT_UNIT else unit.id


def unit_queue_ids(unit_id: int):
    return select(Queue.id).where(Queue.unit_id == unit_id)


def department_tickets(unit_id: int) -> ColumnElement[bool]:
    """The department's tickets: of the services it owns or held by its queues now."""
    owned = select(Service.id).where(Service.owner_unit_id == unit_id)
    return or_(Ticket.service_id.in_(owned), Ticket.queue_id.in_(unit_queue_ids(unit_id)))


def manager_remit(user: User) -> ColumnElement[bool]:
    """SQL condition: the tickets a manager oversees. The whole organisation for the IT
    unit's managers; for a department manager its tickets (`department_tickets`) and those
    one of its queues held before (an OLA stint charged to the department)."""
    unit_id = manager_unit_id(user)
    if unit_id is EVERYTHING:
        return true()
    if unit_id is False:
        return false()
    held = select(SlaTimer.ticket_id).where(
        SlaTimer.kind == TimerKind.OLA.value, SlaTimer.queue_id.in_(unit_queue_ids(unit_id))
    )
    return or_(department_tickets(unit_id), Ticket.id.in_(held))


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
    # The rule's first branch, read from the row in hand: a usable account always sees
    # the tickets it filed (the acknowledgement of every new case asks this).
    if ticket.id is not None and _is_usable(user) and ticket.requester_id == user.id:
        return True
    return _exists(ticket_visibility(user), ticket)


def visible_ticket_ids(user: User, ticket_ids: set[int]) -> set[int]:
    """Which of these tickets `user` may see, in one query (a batch of escalations)."""
    if not ticket_ids:
        return set()
    stmt = select(Ticket.id).where(Ticket.id.in_(ticket_ids), ticket_visibility(user))
    return set(db.session.scalars(stmt))


def is_agent_for(user: User | None, ticket: Ticket) -> bool:
    """May work the ticket as staff: reply as the desk, note, change status and fields."""
    return _exists(agent_visibility(user), ticket)


def hidden_restricted_service_ids(user: User) -> list[int]:
    """Restricted services whose tickets `user` may not see (none for an admin)."""
    if user.has_role(Role.ADMIN):
        return []
    own = select(Service.id).where(_own_service(_member_queue_ids(user), user.id))
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


def can_view_change(user: User | None, change: Change) -> bool:
    if change.id is None:
        return False
    stmt = select(exists().where(Change.id == change.id, change_visibility(user)))
    return bool(db.session.scalar(stmt))


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


def no_such_ticket() -> NotFound:
    """The one answer for a ticket, or anything of a ticket (a file), that does not exist or
    may not be seen: the same status and message, so the answer tells nothing."""
    return NotFound(_l("No such ticket."))


def get_visible_ticket(user: User | None, ticket_id: int, *, options=()) -> Ticket:
    """Load a ticket the user may see, else NotFound: no hint that it exists. `options`
    are loader options for what the caller will show (a page loads it all up front)."""
    ticket = db.session.scalar(
        select(Ticket).where(Ticket.id == ticket_id, ticket_visibility(user)).options(*options)
    )
    if ticket is None:
        raise no_such_ticket()
    return ticket


def require_agent(user: User, ticket: Ticket) -> None:
    if not is_agent_for(user, ticket):
        raise PermissionDenied(_l("Only support staff of this ticket's queue may do that."))


def require_requester_or_agent(user: User, ticket: Ticket) -> None:
    if ticket.requester_id != user.id and not is_agent_for(user, ticket):
        raise PermissionDenied(_l("Only the requester or support staff may do that."))


def is_restricted(service: Service | None) -> bool:
    return service is not None and service.confidentiality >= RESTRICTED_CONFIDENTIALITY


def may_hold(user: User | None, service: Service | None) -> bool:
    """Would `user` see a ticket of `service` once it is theirs (assigned, or in their queue)?

    The same rule as `ticket_visibility`: a restricted service's tickets only for its own
    people (`_own_service`) and admins. Asked before anyone is given a ticket, and before
    routing or auto-assignment picks someone for a ticket that has no row yet."""
    if not _is_usable(user):
        return False
    if not is_restricted(service) or user.has_role(Role.ADMIN):
        return True
    if service.id is None:
        return False
    own = exists().where(Service.id == service.id, _own_service(_member_queue_ids(user), user.id))
    return bool(db.session.scalar(select(own)))


def queue_may_hold(queue: Queue, service: Service | None) -> bool:
    """Would the agents of `queue` see a ticket of `service`? A restricted service's tickets
    are seen by its own queue's members only, so they may sit in no other queue."""
    return not is_restricted(service) or service.queue_id == queue.id


def require_queue_may_hold(queue: Queue, service: Service | None) -> None:
    if not queue_may_hold(queue, service):
        raise ValidationError(
            _l(
                "%(service)s is a confidential service: its cases stay in its own support "
                "queue, and the agents of %(queue)s may not see them.",
                service=service.name_sv,
                queue=queue.name,
            ),
            field="queue",
            code=HOLDER_CANNOT_SEE,
        )


def require_assignee_may_hold(user: User, service: Service | None) -> None:
    if not may_hold(user, service):
        raise ValidationError(
            _l(
                "%(name)s may not see cases of the confidential service %(service)s.",
                name=user.name,
                service=service.name_sv if service else "",
            ),
            field="assignee",
            code=HOLDER_CANNOT_SEE,
        )


def require_holders_may_see(ticket: Ticket) -> None:
    """A ticket never sits in a queue, or with an assignee, that cannot see it."""
    if ticket.queue is not None:
        require_queue_may_hold(ticket.queue, ticket.service)
    if ticket.assignee is not None:
        require_assignee_may_hold(ticket.assignee, ticket.service)


def problem_visibility(user: User | None) -> ColumnElement[bool]:
    """SQL condition: the problem records `user` may see (staff see them all)."""
    return true() if _is_usable(user) and user.is_staff else false()


# --- Saved views of the queue list ------------------------------------------------------


def saved_view_visibility(user: User) -> ColumnElement[bool]:
    """SQL condition on `SavedView`: one's own views, and those shared with a queue one is a
    member of. What a view shows is still filtered by `ticket_visibility`."""
    if not _is_usable(user):
        return false()
    return or_(SavedView.owner_id == user.id, SavedView.queue_id.in_(_member_queue_ids(user)))


def may_share_with_queue(user: User, queue: Queue) -> bool:
    """A queue's lead, or an admin, may share a view with the queue's members."""
    return (
        _is_usable(user)
        and queue.active
        and (user.has_role(Role.ADMIN) or (queue.lead_id is not None and queue.lead_id == user.id))
    )


def led_queue_scope(user: User | None) -> set[int] | None:
    """The queues whose standard answers `user` keeps: None for an admin (every queue and
    the answers for everyone), else the active queues they lead (empty: none)."""
    if not _is_usable(user):
        return set()
    if user.has_role(Role.ADMIN):
        return None
    stmt = select(Queue.id).where(Queue.lead_id == user.id, Queue.active.is_(True))
    return set(db.session.scalars(stmt))


def require_may_keep_answers(user: User, queue_id: int | None) -> None:
    """An admin keeps every answer; a queue lead only their queues' (not the shared ones)."""
    scope = led_queue_scope(user)
    if scope is not None and (queue_id is None or queue_id not in scope):
        raise PermissionDenied(_l("You may keep standard answers only for queues you lead."))
