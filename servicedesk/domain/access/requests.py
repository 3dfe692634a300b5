"""Access requests and their approval, step by step.

An employee asks for themself; a manager (chef) for someone in their unit, also for a
person who has not started yet (by name and e-mail). The request is a BEH ticket with an
`AccessRequest`. Each step of the role's chain is decided by one of its approvers:

- manager: a manager of the person's unit (or, when none other than the requester or the
  person can, of the unit above it);
- administrator: the service's systemförvaltare or deputy.

Nobody decides on a request they asked for or that is for themself, nor twice on one
request. A rejection ends the request; the last approval opens the fulfilment task in the
service's queue (`tasks`). Every decision is kept (who, when, why), audited, and shown to
the requester.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, false, func, or_, select

from servicedesk.domain.access import cases, notify, tasks
from servicedesk.domain.access.catalog import offered_role
from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import required_text
from servicedesk.domain.errors import InvalidTransition, PermissionDenied, ValidationError
from servicedesk.domain.identity.users import normalise_email
from servicedesk.domain.permissions import access_request_visibility, managed_unit_ids
from servicedesk.infra.extensions import db
from servicedesk.models import (
    AccessDecision,
    AccessGrant,
    AccessRequest,
    Channel,
    Role,
    Service,
    TicketType,
    Unit,
    User,
    UserRole,
)
from servicedesk.models.access import STEPS, ApprovalStep, RequestKind, RequestState, Verdict
from servicedesk.models.ticket import parse_reference

REASON_MAX = 5_000
OPEN_STATES = (RequestState.PENDING.value, RequestState.APPROVED.value)


def request_path(request: AccessRequest) -> str:
    return f"/access/requests/{request.id}"


# --- Who may ask, who decides --------------------------------------------------------


def may_request_for(actor: User, person: User | None) -> bool:
    """Oneself; a manager for the people of their unit (and new people); admins anyone."""
    if actor.has_role(Role.ADMIN):
        return True
    if person is not None and person.id == actor.id:
        return True
    if not actor.has_role(Role.MANAGER) or actor.unit_id is None:
        return False
    if person is None:
        return True  # someone who has not started yet, in the manager's unit
    managed = set(db.session.scalars(managed_unit_ids(actor)))
    return person.unit_id in managed


def _parties(request: AccessRequest) -> set[int]:
    return {i for i in (request.requested_by_id, request.person_id) if i is not None}


def _managers_of(unit_id: int | None) -> list[User]:
    if unit_id is None:
        return []
    stmt = (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.MANAGER, User.active, User.unit_id == unit_id)
        .order_by(User.name)
    )
    return list(db.session.scalars(stmt))


def approvers_for(request: AccessRequest, step: ApprovalStep) -> list[User]:
    """Who may decide this step: never a party to the request."""
    parties = _parties(request)
    if step == ApprovalStep.ADMINISTRATOR:
        service = request.service
        found = [p for p in (service.administrator, service.deputy) if p is not None]
        return [p for p in found if p.active and p.id not in parties]
    return approvers_for_unit(request.unit_id, exclude=parties)


def approvers_for_unit(unit_id: int | None, *, exclude: set[int] = frozenset()) -> list[User]:
    """The managers of the unit, or (when none but `exclude`) of the nearest unit above."""
    unit = db.session.get(Unit, unit_id) if unit_id else None
    while unit is not None:
        found = [m for m in _managers_of(unit.id) if m.id not in exclude]
        if found:
            return found
        unit = unit.parent
    return []


def is_current_approver(request: AccessRequest, person: User) -> bool:
    step = request.current_step
    return step is not None and any(p.id == person.id for p in approvers_for(request, step))


# --- Filing, withdrawing ---------------------------------------------------------------


def _person_fields(actor: User, person: User | None, name: str, email: str):
    if person is not None:
        if not person.active:
            raise ValidationError(_l("That person's account is not active."), field="person")
        return person, person.name, person.email, person.unit_id
    name = required_text(name, "person_name", max_len=200)
    email = normalise_email(required_text(email, "person_email", max_len=254))
    if "@" not in email or " " in email:
        raise ValidationError(_l("Give a valid e-mail address."), field="person_email")
    known = db.session.scalar(select(User).where(User.email == email))
    if known is not None:
        return _person_fields(actor, known, "", "")
    return None, name, email, actor.unit_id


def check_period(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from is None:
        raise ValidationError(_l("This field is required."), field="valid_from")
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(
            _l("The end date is before the start date."), field="valid_to", code="end_before_start"
        )


def file_request(
    actor: User,
    *,
    service: Service | None,
    role_id: int | None,
    person: User | None = None,
    person_name: str = "",
    person_email: str = "",
    reason: str,
    valid_from: date | None,
    valid_to: date | None = None,
    channel: str = Channel.PORTAL,
    now: datetime,
) -> AccessRequest:
    """Ask for a role in a service for oneself or (a manager) someone in one's unit."""
    if service is None or not service.active:
        raise ValidationError(_l("Choose a system that grants access."), field="service")
    role = offered_role(service, role_id)
    reason = required_text(reason, "reason", max_len=REASON_MAX)
    check_period(valid_from, valid_to)
    person, name, email, unit_id = _person_fields(actor, person, person_name, person_email)
    if not may_request_for(actor, person):
        raise PermissionDenied(
            _l("You may ask for access for yourself, or as a manager for your unit's people."),
            field="person",
            code="not_your_unit",
        )
    _refuse_duplicate(service, role.id, person, email)
    with_person = _(
        "%(role)s in %(service)s for %(person)s",
        role=role.name_sv,
        service=service.name_sv,
        person=name,
    )
    request = cases.open_case(
        actor,
        service,
        title=_("Access: %(what)s", what=with_person),
        reason=reason,
        channel=channel,
        now=now,
        kind=RequestKind.GRANT,
        state=RequestState.PENDING,
        role_id=role.id,
        person_id=person.id if person else None,
        person_name=name,
        person_email=email,
        unit_id=unit_id,
        valid_from=valid_from,
        valid_to=valid_to,
        chain=role.chain,
        step=0,
    )
    if not approvers_for(request, request.current_step):
        raise ValidationError(
            _l(
                "Nobody can approve this request: the unit has no other manager, or the system no other systemförvaltare."
            ),
            field="person",
            code="no_approver",
        )
    record_audit(
        actor,
        "access_requested",
        request,
        new=f"#{role.id}: {valid_from}–{valid_to or ''}",
        label=f"{request.reference} {name}",
        now=now,
    )
    _ask_approvers(request, now=now)
    return request


def _refuse_duplicate(service: Service, role_id: int, person: User | None, email: str) -> None:
    who = AccessRequest.person_id == person.id if person else AccessRequest.person_email == email
    open_request = db.session.scalar(
        select(AccessRequest.id).where(
            AccessRequest.service_id == service.id,
            AccessRequest.role_id == role_id,
            AccessRequest.kind == RequestKind.GRANT,
            AccessRequest.state.in_(OPEN_STATES),
            who,
        )
    )
    who_grant = AccessGrant.person_id == person.id if person else AccessGrant.person_email == email
    held = db.session.scalar(
        select(AccessGrant.id).where(
            AccessGrant.service_id == service.id,
            AccessGrant.role_id == role_id,
            AccessGrant.revoked_at.is_(None),
            who_grant,
        )
    )
    if open_request is not None or held is not None:
        raise ValidationError(
            _l("This person has that role already, or a request for it is open."),
            field="role",
            code="duplicate_request",
        )


def withdraw_request(request: AccessRequest, actor: User, *, now: datetime) -> None:
    """Who asked (or the person it is for) takes a pending request back."""
    if actor.id not in _parties(request) and not actor.has_role(Role.ADMIN):
        raise PermissionDenied(_l("Only who asked may withdraw the request."), code="not_requester")
    if request.state != RequestState.PENDING:
        raise InvalidTransition(_l("Only a pending request can be withdrawn."), code="not_pending")
    request.state = RequestState.WITHDRAWN
    request.closed_at = now
    record_audit(actor, "access_request_withdrawn", request, label=request.reference, now=now)
    cases.finish_case(
        request.ticket, actor, _("The access request was withdrawn."), "withdrawn", now=now
    )
    db.session.flush()


# --- Deciding ----------------------------------------------------------------------------


def decide(
    request: AccessRequest, actor: User, decision: str, *, reason: str, now: datetime
) -> AccessDecision:
    """One approver's decision on the current step, with a reason."""
    if request.state == RequestState.WITHDRAWN:
        raise InvalidTransition(_l("The request has been withdrawn."), code="request_withdrawn")
    if request.state != RequestState.PENDING:
        raise InvalidTransition(
            _l("The request is not waiting for a decision."), code="not_pending"
        )
    if actor.id in _parties(request):
        raise PermissionDenied(
            _l("You asked for this access or it is for you, so someone else must decide."),
            code="own_request",
        )
    if any(d.approver_id == actor.id for d in request.decisions):
        raise PermissionDenied(
            _l("You have decided on this request already."), code="already_decided"
        )
    if not is_current_approver(request, actor):
        raise PermissionDenied(_l("You are not an approver of this step."), code="not_approver")
    if decision not in Verdict.__members__.values():
        raise ValidationError(_l("Choose grant or reject."), field="decision")
    reason = required_text(reason, "reason", max_len=REASON_MAX)
    step = request.current_step
    row = AccessDecision(
        request_id=request.id,
        step=request.step,
        step_kind=step.value,
        approver_id=actor.id,
        decision=decision,
        reason=reason,
        decided_at=now,
    )
    db.session.add(row)
    db.session.flush()
    db.session.expire(request, ["decisions"])
    record_audit(
        actor,
        "access_decision",
        request,
        old=step.value,
        new=f"{decision}: {reason}",
        label=request.reference,
        now=now,
    )
    if decision == Verdict.REJECTED:
        request.state = RequestState.REJECTED
        request.closed_at = now
        cases.finish_case(
            request.ticket,
            actor,
            _("The access request was rejected: %(reason)s", reason=reason),
            "user_instructed",
            now=now,
        )
        _tell_requester(request, row, now=now)
    elif request.step + 1 < len(request.steps):
        request.step += 1
        _tell_requester(request, row, now=now)
        _ask_approvers(request, now=now)
    else:
        request.step += 1
        request.state = RequestState.APPROVED
        tasks.open_grant_task(request, actor=actor, now=now)
        _tell_requester(request, row, now=now)
    db.session.flush()
    return row


def _ask_approvers(request: AccessRequest, *, now: datetime) -> None:
    step = request.current_step
    for person in approvers_for(request, step):
        notify.notify(
            person,
            key=f"access:{request.id}:ask:{request.step}",
            kind="access_approval",
            subject=lambda: _(
                "Access request %(ref)s waits for your decision", ref=request.reference
            ),
            lines=lambda: [
                _(
                    "%(name)s asks for %(role)s in %(service)s.",
                    name=request.person_name,
                    role=request.role.name_sv,
                    service=request.service.name_sv,
                ),
                _("Reason: %(reason)s", reason=request.reason),
            ],
            path=request_path(request),
            now=now,
        )


def _tell_requester(request: AccessRequest, decision: AccessDecision, *, now: datetime) -> None:
    people = {request.requested_by_id: request.requested_by}
    if request.person is not None:
        people.setdefault(request.person_id, request.person)
    for person in people.values():
        notify.notify(
            person,
            key=f"access:{request.id}:decision:{decision.id}",
            kind="access_decision",
            subject=lambda: _("Decision on access request %(ref)s", ref=request.reference),
            lines=lambda: [
                _(
                    "%(approver)s has %(decision)s the request: %(reason)s",
                    approver=decision.approver.name,
                    decision=_("granted")
                    if decision.decision == Verdict.APPROVED
                    else _("rejected"),
                    reason=decision.reason,
                ),
            ],
            path=request_path(request),
            now=now,
            ticket_id=request.ticket_id,
        )


# --- Reading ------------------------------------------------------------------------------


def get_visible_request(actor: User, request_id: int | None) -> AccessRequest:
    condition = access_request_visibility(actor)
    return cases.visible_one(AccessRequest.id, request_id, condition, _l("No such access request."))


def request_by_reference(actor: User, reference: str) -> AccessRequest:
    parsed = parse_reference(reference)
    ticket_id = parsed[1] if parsed and parsed[0] == TicketType.ACCESS else None
    return request_of_ticket(actor, ticket_id)


def request_of_ticket(actor: User, ticket_id: int | None) -> AccessRequest:
    condition = access_request_visibility(actor)
    return cases.visible_one(
        AccessRequest.ticket_id, ticket_id, condition, _l("No such access request.")
    )


def visible_requests(actor: User, *, state: str | None = None, mine: bool = False):
    """A statement of the requests `actor` may see, newest first."""
    stmt = select(AccessRequest).where(access_request_visibility(actor))
    if state == "open":
        stmt = stmt.where(AccessRequest.state.in_(OPEN_STATES))
    elif state:
        stmt = stmt.where(AccessRequest.state == state)
    if mine:
        stmt = stmt.where(
            (AccessRequest.requested_by_id == actor.id) | (AccessRequest.person_id == actor.id)
        )
    return stmt.order_by(AccessRequest.id.desc())


def _step_is(kind: ApprovalStep):
    """SQL: the request's current step (its chain at index `step`) is of `kind`."""
    chains = [
        and_(AccessRequest.chain == str(chain), AccessRequest.step == index)
        for chain, steps in STEPS.items()
        for index, step in enumerate(steps)
        if step == kind
    ]
    return or_(*chains)


def _other_manager_in(unit_ids: list[int]):
    """SQL: an active manager in one of `unit_ids` who is not a party to the request."""
    return exists().where(
        User.id == UserRole.user_id,
        UserRole.role == Role.MANAGER,
        User.active,
        User.unit_id.in_(unit_ids),
        User.id != AccessRequest.requested_by_id,
        User.id != func.coalesce(AccessRequest.person_id, 0),
    )


def _manager_step_units(actor: User):
    """SQL: the request's unit is one whose manager step falls to `actor` (as in
    `approvers_for_unit`): their own unit, or a unit below it where nobody on the way up
    (that unit and those between) has a manager other than the request's parties."""
    if not actor.has_role(Role.MANAGER) or actor.unit_id is None:
        return false()
    conditions = [AccessRequest.unit_id == actor.unit_id]
    paths = {actor.unit_id: []}  # unit -> the units between it and the actor's, itself first
    frontier = [actor.unit_id]
    while frontier:
        children = db.session.execute(
            select(Unit.id, Unit.parent_id).where(Unit.parent_id.in_(frontier))
        ).all()
        frontier = []
        for child, parent in children:
            if child in paths:
                continue  # a loop in the tree: never walk it twice
            paths[child] = [child, *paths[parent]]
            frontier.append(child)
            conditions.append(
                and_(AccessRequest.unit_id == child, ~_other_manager_in(paths[child]))
            )
    return or_(*conditions)


def awaiting_decision_condition(actor: User):
    """SQL condition on `AccessRequest`: pending, and its current step is one `actor` may
    decide (`is_current_approver`), never on their own request or one for themself."""
    administered = select(Service.id).where(
        or_(Service.administrator_id == actor.id, Service.deputy_id == actor.id)
    )
    return and_(
        AccessRequest.state == RequestState.PENDING.value,
        AccessRequest.kind == RequestKind.GRANT.value,
        AccessRequest.requested_by_id != actor.id,
        func.coalesce(AccessRequest.person_id, 0) != actor.id,
        or_(
            and_(_step_is(ApprovalStep.ADMINISTRATOR), AccessRequest.service_id.in_(administered)),
            and_(_step_is(ApprovalStep.MANAGER), _manager_step_units(actor)),
        ),
    )


def awaiting_decision_by(actor: User, limit: int = 200) -> list[AccessRequest]:
    """The approver's inbox: pending requests whose current step `actor` may decide, in
    one query (served by ix_access_request_state), newest first."""
    if not actor.active:
        return []
    stmt = (
        select(AccessRequest)
        .where(access_request_visibility(actor), awaiting_decision_condition(actor))
        .order_by(AccessRequest.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
