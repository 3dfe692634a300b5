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
    SecurityQueue,
    Service,
    SlaTimer,
    Ticket,
    TicketType,
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


# --- Security incidents ------------------------------------------------------------------
# A ticket of type `security` is seen only by the security queue's members, the security
# role (informationssäkerhetssamordnare) and admins — and by its reporter, who sees their
# own report. Security tickets never leave the security queue (`require_security_holders`),
# so a queue list of any other queue holds none, and the security queue's members see all
# of its tickets: the queue form of the rule (`queue_visibility`) needs no extra condition.


def _security_member(user: User) -> ColumnElement[bool]:
    """SQL: the user is a member of the security queue (an uncorrelated EXISTS)."""
    return exists().where(
        QueueMember.user_id == user.id,
        QueueMember.queue_id.in_(select(SecurityQueue.queue_id)),
    )


def _security_ok(user: User) -> ColumnElement[bool]:
    """SQL: not a security ticket, or one this user may see."""
    if user.has_role(Role.ADMIN, Role.SECURITY):
        return true()
    return or_(
        Ticket.type != TicketType.SECURITY.value,
        Ticket.requester_id == user.id,
        _security_member(user),
    )


def sees_security_incidents(user: User | None) -> bool:
    """Whether `user` sees every security incident (admin, security role, queue member)."""
    if not _is_usable(user):
        return False
    if user.has_role(Role.ADMIN, Role.SECURITY):
        return True
    return bool(db.session.scalar(select(_security_member(user))))


def may_see_security_report(user: User | None) -> bool:
    """The report of security incidents: the security role and admins."""
    return _is_usable(user) and user.has_role(Role.SECURITY, Role.ADMIN)


def may_hold_security(user: User) -> bool:
    """Whether a security ticket may be assigned to `user`: a security queue member or the
    security role (admins see it, but work it only as members)."""
    return _is_usable(user) and (
        user.has_role(Role.SECURITY) or bool(db.session.scalar(select(_security_member(user))))
    )


def require_security_holders(ticket: Ticket, queue: Queue | None, assignee: User | None) -> None:
    """A security ticket stays in the security queue and with people who may see it."""
    if ticket.type != TicketType.SECURITY:
        return
    home = db.session.scalar(select(SecurityQueue.queue_id))
    if queue is not None and queue.id != home:
        raise ValidationError(
            _l("A security incident stays in the security queue."),
            field="queue",
            code=HOLDER_CANNOT_SEE,
        )
    if assignee is not None and not may_hold_security(assignee):
        raise ValidationError(
            _l("%(name)s may not see security incidents.", name=assignee.name),
            field="assignee",
            code=HOLDER_CANNOT_SEE,
        )


def ticket_visibility(user: User | None) -> ColumnElement[bool]:
    """SQL condition: the tickets `user` may see."""
    if not _is_usable(user):
        return false()
    if user.has_role(Role.ADMIN):
        return true()
    return and_(_scope_visibility(user), _security_ok(user))


def _scope_visibility(user: User) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = [Ticket.requester_id == user.id]
    if user.has_role(Role.SECURITY):
        conditions.append(Ticket.type == TicketType.SECURITY.value)
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


def department_tickets(
    unit_id: int, service_id: ColumnElement | None = None, queue_id: ColumnElement | None = None
) -> ColumnElement[bool]:
    """The department's tickets: of the services it owns or held by its queues now. The
    columns default to the ticket's; the report's figure tables pass their own."""
    service_id = Ticket.service_id if service_id is None else service_id
    queue_id = Ticket.queue_id if queue_id is None else queue_id
    owned = select(Service.id).where(Service.owner_unit_id == unit_id)
    return or_(service_id.in_(owned), queue_id.in_(unit_queue_ids(unit_id)))


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
    if user.has_role(Role.SECURITY):
        return or_(_agent_scope(user), Ticket.type == TicketType.SECURITY.value)
    return and_(_agent_scope(user), _security_ok(user))


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
    require_security_holders(ticket, ticket.queue, ticket.assignee)


def problem_visibility(user: User | None) -> ColumnElement[bool]:
    """SQL condition: the problem records `user` may see (staff see them all)."""
    return true() if _is_usable(user) and user.is_staff else false()


# --- Outage notices (driftinformation) -------------------------------------------------
# Published notices are public by design (the intranet page and its feed need no log-in);
# drafts are seen by staff only, and written by the agents of every service's queue, the
# IT unit's central queue, or admins.


def notice_visibility(user: User | None) -> ColumnElement[bool]:
    """SQL condition on `Notice`: published ones for everybody, drafts for staff."""
    from servicedesk.models import Notice, NoticeState

    if _is_usable(user) and user.is_staff:
        return true()
    return Notice.state == NoticeState.PUBLISHED.value


def may_write_notice(user: User | None, services: list[Service]) -> bool:
    """An admin, an agent of a central queue (the IT unit), or an agent who is a member
    of the queue of every service the notice is about."""
    if not _is_usable(user) or not user.is_staff:
        return False
    if user.has_role(Role.ADMIN):
        return True
    mine = set(db.session.scalars(_member_queue_ids(user)))
    central = db.session.scalar(
        select(exists().where(Queue.id.in_(mine), Queue.is_central.is_(True)))
    )
    if central:
        return True
    return bool(services) and all(s.queue_id in mine for s in services)


def require_notice_writer(user: User | None, services: list[Service]) -> None:
    if not may_write_notice(user, services):
        raise PermissionDenied(
            _l("Only agents of the service's queue or of the IT unit may write this notice.")
        )


def may_set_major_threshold(user: User | None, service: Service) -> bool:
    """An admin, or the lead of the service's queue, keeps its major-incident threshold."""
    if not _is_usable(user) or not user.is_staff:
        return False
    if user.has_role(Role.ADMIN):
        return True
    queue = db.session.get(Queue, service.queue_id) if service.queue_id else None
    return queue is not None and queue.lead_id == user.id


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


# --- Knowledge base articles ------------------------------------------------------------
# One rule for every path (pages, API, search, suggestions, the report): employees read
# published articles for employees; staff read every published article; drafts and
# archived articles only for those who may write them: admins, and agents of the article's
# service's queue (or its systemförvaltare and deputy); articles for no service ("general")
# by any agent (docs/kb.md).


def article_write_condition(user: User | None) -> ColumnElement[bool]:
    """SQL condition on `Article`: the articles `user` may write."""
    from servicedesk.models.kb import Article

    if not _is_usable(user) or not user.is_staff:
        return false()
    if user.has_role(Role.ADMIN):
        return true()
    own = select(Service.id).where(_own_service(_member_queue_ids(user), user.id))
    return or_(Article.service_id.is_(None), Article.service_id.in_(own))


def article_visibility(user: User | None) -> ColumnElement[bool]:
    """SQL condition on `Article`: the articles `user` may read."""
    from servicedesk.models.kb import Article, ArticleState, Audience

    if not _is_usable(user):
        return false()
    published = Article.state == ArticleState.PUBLISHED.value
    if not user.is_staff:
        return and_(published, Article.audience == Audience.EMPLOYEES.value)
    return or_(published, article_write_condition(user))


def may_write_for_service(user: User | None, service_id: int | None) -> bool:
    """May `user` write an article of this service (None: a general article)?"""
    if not _is_usable(user) or not user.is_staff:
        return False
    if user.has_role(Role.ADMIN) or service_id is None:
        return True
    own = exists().where(Service.id == service_id, _own_service(_member_queue_ids(user), user.id))
    return bool(db.session.scalar(select(own)))


# --- Access requests, the access register and access reviews (docs/access.md) ----------
# Access requests are not seen through their BEH ticket's rule: the person's manager
# decides on a request for a confidential service whose tickets they may not see. The
# rule is the one below, for every path (pages, API, lists, mail).


def _access_models():
    from servicedesk.models.access import AccessDecision, AccessGrant, AccessRequest, AccessReview

    return AccessDecision, AccessGrant, AccessRequest, AccessReview


def managed_unit_ids(user: User):
    """The units whose people a manager answers for (chef): their own unit and the units
    directly under it; none for someone without the manager role or a unit."""
    if not user.has_role(Role.MANAGER) or user.unit_id is None:
        return select(Unit.id).where(false())
    return select(Unit.id).where(or_(Unit.id == user.unit_id, Unit.parent_id == user.unit_id))


def _service_people(user: User, service_id_column) -> ColumnElement[bool]:
    """The service is administered by `user` (systemförvaltare, deputy) or supported by one
    of their queues (who fulfils its access tasks)."""
    own = select(Service.id).where(_own_service(_member_queue_ids(user), user.id))
    return service_id_column.in_(own)


def access_request_visibility(user: User | None) -> ColumnElement[bool]:
    """SQL condition on `AccessRequest`: who asked, for whom, the manager of the person's
    unit, the service's own people, whoever decided on it, and admins."""
    AccessDecision, _grant, AccessRequest, _review = _access_models()
    if not _is_usable(user):
        return false()
    if user.has_role(Role.ADMIN):
        return true()
    decided = select(AccessDecision.request_id).where(AccessDecision.approver_id == user.id)
    return or_(
        AccessRequest.requested_by_id == user.id,
        AccessRequest.person_id == user.id,
        AccessRequest.unit_id.in_(managed_unit_ids(user)),
        _service_people(user, AccessRequest.service_id),
        AccessRequest.id.in_(decided),
    )


def access_grant_visibility(user: User | None) -> ColumnElement[bool]:
    """SQL condition on `AccessGrant`: one's own access, the service's own people, the
    manager of the person's unit, and admins."""
    _decision, AccessGrant, _request, _review = _access_models()
    if not _is_usable(user):
        return false()
    if user.has_role(Role.ADMIN):
        return true()
    managed_people = select(User.id).where(User.unit_id.in_(managed_unit_ids(user)))
    return or_(
        AccessGrant.person_id == user.id,
        AccessGrant.person_id.in_(managed_people),
        _service_people(user, AccessGrant.service_id),
    )


def access_review_visibility(user: User | None) -> ColumnElement[bool]:
    """SQL condition on `AccessReview`: the service's systemförvaltare and deputy, the
    manager of the unit that owns the service (it is escalated to them), and admins."""
    _decision, _grant, _request, AccessReview = _access_models()
    if not _is_usable(user):
        return false()
    if user.has_role(Role.ADMIN):
        return true()
    mine = select(Service.id).where(
        or_(
            Service.administrator_id == user.id,
            Service.deputy_id == user.id,
            Service.owner_unit_id.in_(managed_unit_ids(user)),
        )
    )
    return AccessReview.service_id.in_(mine)


# --- public records (domain/records): the registrar capability ---------------------------
# A registrar keeps an authority's register (diarium) and its legal holds: admins for every
# authority, and the staff an admin names as registrars of an authority (authority_registrar).


def registrar_scope(user: User | None) -> set[int] | None:
    """The authorities whose register `user` keeps: None for an admin (all), else the ids
    they are registrar of (empty: none)."""
    if not _is_usable(user):
        return set()
    if user.has_role(Role.ADMIN):
        return None
    from servicedesk.domain.settings_cache import cached

    return set(cached(("registrars",), _registrars).get(user.id, ()))


def _registrars() -> dict[int, frozenset[int]]:
    """Every registrar's authorities; kept per process behind the settings token (the menu
    asks on every page)."""
    from servicedesk.models.records import AuthorityRegistrar

    found: dict[int, set[int]] = {}
    rows = db.session.execute(select(AuthorityRegistrar.user_id, AuthorityRegistrar.authority_id))
    for user_id, authority_id in rows:
        found.setdefault(user_id, set()).add(authority_id)
    return {user_id: frozenset(ids) for user_id, ids in found.items()}


def is_registrar(user: User | None, authority_id: int | None = None) -> bool:
    """Registrar of `authority_id`, or of any authority when it is None."""
    scope = registrar_scope(user)
    if scope is None:
        return True
    return bool(scope) if authority_id is None else authority_id in scope


def may_read_marked(user: User | None, ticket: Ticket, *, staff: bool) -> bool:
    """Content under a secrecy mark inside the desk. Secrecy (OSL) applies outward: the staff
    handling the case (`staff`: agents who may work it) and admins need and read it, and the
    requester reads their own case as it was sent to them (internal notes never reach them
    anyway). Anyone else who may see the ticket (a manager following a unit, a system
    administrator following a service) sees the mask. The register, exports and a public
    copy mask for everyone (domain/records)."""
    if not _is_usable(user):
        return False
    return staff or user.has_role(Role.ADMIN) or ticket.requester_id == user.id


def require_registrar(user: User, authority_id: int | None = None) -> None:
    if not is_registrar(user, authority_id):
        raise PermissionDenied(_l("Only the authority's registrars may do this."))
