"""Declaring a major incident, linking its children, and telling their requesters."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from servicedesk.domain.errors import InvalidTransition, NotFound, ValidationError
from servicedesk.domain.mail.notifications import notify, suppressed
from servicedesk.domain.notices.notices import joinable_major, resolve_with_major
from servicedesk.domain.permissions import (
    get_visible_ticket,
    require_agent,
    ticket_visibility,
)
from servicedesk.domain.tickets import events, lifecycle
from servicedesk.domain.tickets.lifecycle import COMMENT_MAX, OPEN_STATUSES
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Channel,
    MajorChild,
    MajorEvent,
    MajorEventKind,
    MajorIncident,
    Notice,
    Problem,
    Status,
    Ticket,
    TicketType,
    User,
)
from servicedesk.models.ticket import parse_reference

WORKAROUND_MAX = 20_000


def major_of(ticket: Ticket) -> MajorIncident | None:
    """The major incident record when `ticket` is itself major."""
    return db.session.scalar(select(MajorIncident).where(MajorIncident.ticket_id == ticket.id))


def parent_of(ticket: Ticket) -> MajorIncident | None:
    """The major incident `ticket` is linked to as a child, if any."""
    stmt = (
        select(MajorIncident)
        .join(MajorChild, MajorChild.major_id == MajorIncident.id)
        .where(MajorChild.ticket_id == ticket.id)
    )
    return db.session.scalar(stmt)


def major_role(ticket: Ticket) -> tuple[MajorIncident | None, MajorIncident | None, int]:
    """For the ticket page, in one query: the major incident record when `ticket` is
    major, the one it is linked to as a child, and (when major) how many are linked."""
    linked = select(MajorChild.major_id).where(MajorChild.ticket_id == ticket.id)
    count = (
        select(func.count())
        .select_from(MajorChild)
        .where(MajorChild.major_id == MajorIncident.id)
        .scalar_subquery()
    )
    row = db.session.execute(
        select(MajorIncident, count).where(
            (MajorIncident.ticket_id == ticket.id) | MajorIncident.id.in_(linked)
        )
    ).first()
    if row is None:
        return None, None, 0
    major, children_linked = row
    if major.ticket_id == ticket.id:
        return major, None, children_linked
    return None, major, 0


def get_visible_major(actor: User, major_id: int) -> MajorIncident:
    """A major incident whose ticket the actor may see, else NotFound."""
    major = db.session.get(MajorIncident, major_id)
    if major is None:
        raise NotFound(_l("No such major incident."))
    get_visible_ticket(actor, major.ticket_id)
    return major


def children(major: MajorIncident, actor: User | None = None) -> list[Ticket]:
    """The linked cases in the order they were linked (those `actor` may see, if given)."""
    stmt = (
        select(Ticket)
        .join(MajorChild, MajorChild.ticket_id == Ticket.id)
        .where(MajorChild.major_id == major.id)
        .order_by(MajorChild.id)
    )
    if actor is not None:
        stmt = stmt.where(ticket_visibility(actor))
    return list(db.session.scalars(stmt))


def child_count(major: MajorIncident) -> int:
    stmt = select(func.count()).select_from(MajorChild).where(MajorChild.major_id == major.id)
    return db.session.scalar(stmt) or 0


def open_majors(actor: User, *, limit: int = 20) -> list[MajorIncident]:
    """Unresolved major incidents the actor may see, newest first (the desk's panel).

    From the few major incidents to their tickets (EXISTS, a primary-key probe each): as a
    join, SQLite read every open ticket through the visibility rule first (80 ms at 100k
    open tickets on the desk's landing page)."""
    shown = (
        select(Ticket.id)
        .where(
            Ticket.id == MajorIncident.ticket_id,
            Ticket.status.in_([s.value for s in OPEN_STATUSES]),
            ticket_visibility(actor),
        )
        .exists()
    )
    stmt = (
        select(MajorIncident).where(shown).order_by(MajorIncident.declared_at.desc()).limit(limit)
    )
    return list(db.session.scalars(stmt))


def _event(
    major: MajorIncident, kind: MajorEventKind, actor: User | None, *, now, body="", ref=""
) -> MajorEvent:
    event = MajorEvent(
        major_id=major.id,
        kind=kind.value,
        actor_id=actor.id if actor else None,
        at=now,
        body=body,
        ref=ref,
    )
    db.session.add(event)
    db.session.flush()
    return event


def _require_open(ticket: Ticket) -> None:
    if ticket.status not in OPEN_STATUSES:
        raise InvalidTransition(_l("The major incident is resolved; open a new one instead."))


def declare_major(ticket: Ticket, actor: User, *, now: datetime) -> MajorIncident:
    """Mark an open incident as major."""
    require_agent(actor, ticket)
    if ticket.type != TicketType.INCIDENT:
        raise ValidationError(
            _l("Only an incident can be a major incident."), field="ticket", code="not_incident"
        )
    lifecycle.refuse_if_closed(ticket)
    if ticket.status not in OPEN_STATUSES:
        raise InvalidTransition(_l("Only an open incident can be marked as major."))
    if major_of(ticket) is not None:
        raise InvalidTransition(_l("This case is already a major incident."))
    parent = parent_of(ticket)
    if parent is not None:
        raise ValidationError(
            _l("This case is linked to the major incident %(ref)s.", ref=parent.ticket.reference),
            field="ticket",
            code="child_of_major",
        )
    major = MajorIncident(ticket_id=ticket.id, declared_by_id=actor.id, declared_at=now)
    db.session.add(major)
    db.session.flush()
    _event(major, MajorEventKind.DECLARED, actor, now=now)
    lifecycle.record_history(ticket, actor, "major", None, ticket.reference, now=now)
    return major


def resolve_child_reference(actor: User, reference: str) -> Ticket:
    """The case a typed number (INC-000123, or 123) names, if the actor may see it."""
    text = (reference or "").strip()
    parsed = parse_reference(text)
    ticket_id = parsed[1] if parsed else (int(text) if text.isascii() and text.isdigit() else None)
    if ticket_id is None or not 1 <= ticket_id < 2**31:
        raise ValidationError(_l("Give a case number, for example INC-000123."), field="child")
    try:
        return get_visible_ticket(actor, ticket_id)
    except NotFound:
        raise ValidationError(
            _l("No case with number %(ref)s.", ref=text), field="child", code="not_found"
        ) from None


def major_by_reference(actor: User, reference: str, *, field: str = "major") -> MajorIncident:
    """The major incident a typed case number names (one the actor may see)."""
    try:
        ticket = resolve_child_reference(actor, reference)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field, code=exc.code) from None
    major = major_of(ticket)
    if major is None:
        raise ValidationError(
            _l("%(ref)s is not a major incident.", ref=ticket.reference),
            field=field,
            code="not_major",
        )
    return major


def check_child(major: MajorIncident, child: Ticket) -> None:
    """Refuse a case that cannot be a child of this major incident, naming why."""
    if child.id == major.ticket_id:
        raise ValidationError(
            _l("A case cannot be linked to itself."), field="child", code="self_link"
        )
    if child.type != TicketType.INCIDENT:
        raise ValidationError(
            _l("Only incidents can be linked to a major incident."),
            field="child",
            code="not_incident",
        )
    if major_of(child) is not None:
        raise ValidationError(
            _l("%(ref)s is itself a major incident.", ref=child.reference),
            field="child",
            code="child_is_major",
        )
    parent = parent_of(child)
    if parent is not None and parent.id != major.id:
        raise ValidationError(
            _l("%(ref)s is linked to another major incident.", ref=child.reference),
            field="child",
            code="already_linked",
        )
    if child.status == Status.CLOSED:
        raise InvalidTransition(_l("%(ref)s is closed.", ref=child.reference))


def _link(major: MajorIncident, child: Ticket, actor: User | None, *, now, affected=None):
    row = MajorChild(
        major_id=major.id,
        ticket_id=child.id,
        affected_user_id=affected.id if affected else None,
        linked_by_id=actor.id if actor else None,
        linked_at=now,
    )
    db.session.add(row)
    db.session.flush()
    _event(major, MajorEventKind.CHILD, actor, now=now, ref=child.reference)
    lifecycle.record_history(child, actor, "major", None, major.ticket.reference, now=now)
    return row


def link_child(major: MajorIncident, child: Ticket, actor: User, *, now: datetime) -> bool:
    """Link an incident the actor works to the major incident; False when linked already."""
    require_agent(actor, major.ticket)
    require_agent(actor, child)
    _require_open(major.ticket)
    check_child(major, child)
    if parent_of(child) is not None:
        return False
    _link(major, child, actor, now=now)
    return True


def unlink_child(major: MajorIncident, child: Ticket, actor: User, *, now: datetime) -> bool:
    require_agent(actor, major.ticket)
    row = db.session.scalar(
        select(MajorChild).where(MajorChild.major_id == major.id, MajorChild.ticket_id == child.id)
    )
    if row is None:
        return False
    db.session.delete(row)
    lifecycle.record_history(child, actor, "major", major.ticket.reference, None, now=now)
    db.session.flush()
    return True


def affected_case(major_ticket: Ticket, user: User) -> Ticket | None:
    """The employee's own case about this major incident: the major one itself, or a
    linked case they requested (so they are counted, and told, once)."""
    if major_ticket.requester_id == user.id:
        return major_ticket
    stmt = (
        select(Ticket)
        .join(MajorChild, MajorChild.ticket_id == Ticket.id)
        .join(MajorIncident, MajorIncident.id == MajorChild.major_id)
        .where(MajorIncident.ticket_id == major_ticket.id, Ticket.requester_id == user.id)
        .order_by(Ticket.id)
        .limit(1)
    )
    return db.session.scalar(stmt)


def join_major(notice: Notice, user: User, *, now: datetime) -> tuple[Ticket, bool]:
    """ "Jag är också drabbad": the employee becomes an affected requester of the notice's
    major incident, as a case of their own linked to it, without typing anything. Once per
    employee: a second press returns the case they have (and False)."""
    if notice.state != "published" or notice.resolved_at is not None:
        raise InvalidTransition(_l("This notice is no longer current."))
    major_ticket = joinable_major(notice)
    if major_ticket is None:
        raise InvalidTransition(_l("There is no open major incident to join for this notice."))
    existing = affected_case(major_ticket, user)
    if existing is not None:
        return existing, False
    major = major_of(major_ticket)
    service = next((s for s in notice.services if s.active), major_ticket.service)
    child = lifecycle.create_ticket(
        requester=user,
        actor=user,
        title=notice.title,
        description=gettext(
            "I am also affected by the disruption “%(title)s” (%(ref)s).",
            title=notice.title,
            ref=major_ticket.reference,
        ),
        ticket_type=TicketType.INCIDENT,
        service=service,
        impact=major_ticket.impact,
        urgency=major_ticket.urgency,
        channel=Channel.PORTAL,
        now=now,
    )
    _link(major, child, user, now=now, affected=user)
    return child, True


def _clean(text: str, field: str, *, max_len: int) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_l("This field is required."), field=field)
    if len(text) > max_len:
        raise ValidationError(_l("At most %(n)s characters.", n=max_len), field=field)
    return text


def requesters(major: MajorIncident) -> list[tuple[User, Ticket]]:
    """Each person to tell, once, with their own case: the major incident's requester,
    then every child's requester (their first linked case), active accounts only."""
    pairs: dict[int, tuple[User, Ticket]] = {}
    for ticket in [major.ticket, *children(major)]:
        person = ticket.requester
        if person is not None and person.active:
            pairs.setdefault(person.id, (person, ticket))
    return list(pairs.values())


def post_update(major: MajorIncident, actor: User, body: str, *, now: datetime) -> MajorEvent:
    """One public update: on every linked case's portal page and mailed to each requester
    once (through the outbox, in their language)."""
    require_agent(actor, major.ticket)
    _require_open(major.ticket)
    body = _clean(body, "body", max_len=COMMENT_MAX)
    event = _event(major, MajorEventKind.UPDATE, actor, now=now, body=body)
    for person, ticket in requesters(major):
        if person.id == actor.id:
            continue
        notify(
            "major_update",
            key=f"major:{major.id}:update:{event.id}",
            ticket=ticket,
            recipient=person,
            now=now,
            update=event,
            major=major,
        )
    return event


def set_workaround(major: MajorIncident, actor: User, text: str, *, now: datetime) -> None:
    """The workaround (tillfällig lösning) the affected can use meanwhile; shown on their
    cases and kept on the timeline."""
    require_agent(actor, major.ticket)
    _require_open(major.ticket)
    major.workaround = _clean(text, "workaround", max_len=WORKAROUND_MAX)
    _event(major, MajorEventKind.WORKAROUND, actor, now=now, body=major.workaround)


def link_problem(major: MajorIncident, actor: User, problem: Problem, *, now: datetime) -> None:
    """The problem record that follows the major incident (its cause)."""
    from servicedesk.domain.changes.problems import link_incident

    require_agent(actor, major.ticket)
    major.problem = problem
    link_incident(problem, actor, major.ticket, now=now)
    _event(major, MajorEventKind.PROBLEM, actor, now=now, ref=problem.reference)


def resolve_major(
    major: MajorIncident,
    actor: User,
    *,
    solution: str | None,
    closure_code: str | None,
    now: datetime,
) -> list[Ticket]:
    """Resolve the major incident (refused whole without a solution and closure code);
    `on_status_changed` resolves its children. Returns the children resolved."""
    require_agent(actor, major.ticket)
    before = {t.id for t in children(major) if t.status in OPEN_STATUSES}
    lifecycle.change_status(
        major.ticket,
        actor,
        Status.RESOLVED,
        solution=solution,
        closure_code=closure_code,
        now=now,
    )
    return [t for t in children(major) if t.id in before and t.status == Status.RESOLVED]


def resolve_children(major: MajorIncident, actor: User | None, *, now: datetime) -> list[Ticket]:
    """Every open child gets the major incident's solution and closure code; each keeps
    its own requester, SLA timers and history. Each requester gets the resolved mail once:
    a second case of the same person is resolved without mailing again."""
    solution = major.ticket.solution
    code = major.ticket.closure_code.code if major.ticket.closure_code else None
    told = {major.ticket.requester_id}
    resolved = []
    for child in children(major):
        lifecycle.take_ticket(child)
        if child.status not in OPEN_STATUSES:
            continue
        quiet = child.requester_id in told
        told.add(child.requester_id)
        with suppressed() if quiet else nullcontext():
            lifecycle.record_resolution(child, actor, solution, code, now=now)
            lifecycle.set_status(child, actor, Status.RESOLVED, now=now)
        resolved.append(child)
    _event(major, MajorEventKind.RESOLVED, actor, now=now, body=solution or "")
    return resolved


def on_status_changed(ticket: Ticket, *, new: str, actor: User | None, now: datetime, **_) -> None:
    """A major incident resolved by any path (its page, the ticket page, the API, a
    macro) resolves its children in the same unit of work."""
    if new != Status.RESOLVED:
        return
    major = major_of(ticket)
    if major is not None:
        resolve_with_major(ticket, actor, now=now)
        resolve_children(major, actor, now=now)


def connect() -> None:
    events.status_changed.connect(on_status_changed)


def updates_for(ticket: Ticket) -> tuple[MajorIncident | None, list[MajorEvent]]:
    """What a linked case's requester reads about its major incident: the public updates
    and workaround, oldest first (nothing for a case that is not linked)."""
    major = major_of(ticket) or parent_of(ticket)
    if major is None:
        return None, []
    kinds = (MajorEventKind.UPDATE.value, MajorEventKind.WORKAROUND.value)
    stmt = (
        select(MajorEvent)
        .where(MajorEvent.major_id == major.id, MajorEvent.kind.in_(kinds))
        .order_by(MajorEvent.at, MajorEvent.id)
    )
    return major, list(db.session.scalars(stmt))
