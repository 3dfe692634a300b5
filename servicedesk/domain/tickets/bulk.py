"""One action on many tickets of the queue list: claim, assign, status, transfer, tag.

Each ticket is done on its own, in its own unit of work (the caller's `unit_of_work`, the
boundary's commit-or-rollback): the permission layer decides for that ticket, and the version
the list showed must still be the ticket's, so a row someone else changed since the list was
rendered is refused alone, and a refusal undoes nothing of the other tickets. The result
says, per ticket, what was done or why not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from servicedesk.domain.errors import DomainError, StaleVersion, ValidationError
from servicedesk.domain.major import incidents as major_incidents
from servicedesk.domain.permissions import (
    get_visible_ticket,
    no_such_ticket,
    require_agent,
    ticket_visibility,
)
from servicedesk.domain.tickets import lifecycle
from servicedesk.infra.extensions import db
from servicedesk.models import PendingReason, Queue, QueueMember, Status, Ticket, TicketTag, User

CLAIM, ASSIGN, STATUS, TRANSFER, TAG = "claim", "assign", "status", "transfer", "tag"
MAJOR = "major"  # link to a major incident (domain/major)
ACTIONS = (CLAIM, ASSIGN, STATUS, TRANSFER, TAG, MAJOR)
# Statuses a bulk action may set. Resolving needs a solution per case: not in bulk.
BULK_STATUSES = {
    "open": (Status.OPEN, None),
    "pending:requester": (Status.PENDING, PendingReason.REQUESTER),
    "pending:supplier": (Status.PENDING, PendingReason.SUPPLIER),
    "pending:other": (Status.PENDING, PendingReason.OTHER),
}
TAG_MAX = 50
REASON_MAX = 1000
MAX_SELECTED = 100  # one page of the list at most


@dataclass(frozen=True)
class Selected:
    """A row as the list showed it: the ticket and the version it had then (and, when the
    caller named it by reference, the type its prefix said)."""

    ticket_id: int
    version: int
    ticket_type: str | None = None
    typed: str = ""  # the reference as the caller wrote it


@dataclass(frozen=True)
class BulkAction:
    kind: str
    assignee: User | None = None
    status: str = ""
    queue: Queue | None = None
    reason: str = ""
    tag: str = ""
    major: str = ""  # the major incident's case number


@dataclass
class Outcome:
    ticket_id: int
    reference: str | None  # None: a ticket the actor may not see (nothing about it is told)
    done: bool
    code: str = ""
    message: str = ""
    typed: str = ""  # the reference as the caller wrote it (API)


@dataclass
class BulkResult:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def done(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.done]

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.done]


def parse_selection(values: list[str]) -> list[Selected]:
    """Checkbox values `"<ticket id>:<version>"`, each ticket once, in order."""
    rows = []
    for value in values:
        ticket_id, _, version = (value or "").partition(":")
        if not (ticket_id.isdigit() and version.isdigit()):
            raise ValidationError(_l("The selection could not be read; reload the list."))
        rows.append(Selected(int(ticket_id), int(version)))
    return _each_once(rows, "ticket")


def selection_by_reference(rows: list[tuple[str, int]]) -> list[Selected]:
    """(reference, version) pairs of an API call, the reference in any typed form of the
    header search (`domain/search/references`), each ticket once, in order."""
    from servicedesk.domain.search.references import parse_any_reference  # see lists.py

    selected = []
    for reference, version in rows:
        ref = parse_any_reference(reference, kind="ticket")
        if ref is None or ref.kind != "ticket":
            raise ValidationError(
                _l("%(ref)s is not a case number.", ref=reference), field="tickets"
            )
        selected.append(Selected(ref.id, version, ref.ticket_type, reference))
    return _each_once(selected, "tickets")


def _each_once(rows: list[Selected], field_name: str) -> list[Selected]:
    selected: dict[int, Selected] = {}
    for row in rows:
        selected.setdefault(row.ticket_id, row)
    if not selected:
        raise ValidationError(_l("Select at least one case."), field=field_name)
    if len(selected) > MAX_SELECTED:
        raise ValidationError(
            _l("Select at most %(n)s cases at a time.", n=MAX_SELECTED), field=field_name
        )
    return list(selected.values())


def check_action(action: BulkAction) -> BulkAction:
    """Refuse an incomplete action before any ticket is touched; the cleaned action."""
    if action.kind not in ACTIONS:
        raise ValidationError(_l("Choose what to do with the selected cases."), field="action")
    if action.kind == ASSIGN and action.assignee is None:
        raise ValidationError(_l("This field is required."), field="assignee")
    if action.kind == STATUS and action.status not in BULK_STATUSES:
        raise ValidationError(_l("Choose a status."), field="status")
    if action.kind == TRANSFER:
        if action.queue is None:
            raise ValidationError(_l("This field is required."), field="queue")
        reason = (action.reason or "").strip()
        if not reason:
            raise ValidationError(_l("This field is required."), field="reason")
        if len(reason) > REASON_MAX:
            raise ValidationError(_l("At most %(n)s characters.", n=REASON_MAX), field="reason")
        return BulkAction(TRANSFER, queue=action.queue, reason=reason)
    if action.kind == TAG:
        tag = (action.tag or "").strip().lower()
        if not tag:
            raise ValidationError(_l("This field is required."), field="tag")
        if len(tag) > TAG_MAX:
            raise ValidationError(_l("At most %(n)s characters.", n=TAG_MAX), field="tag")
        return BulkAction(TAG, tag=tag)
    if action.kind == MAJOR and not (action.major or "").strip():
        raise ValidationError(_l("This field is required."), field="major")
    return action


def tag_ticket(
    ticket: Ticket, actor: User, tag: str, *, expected_version: int | None = None, now: datetime
) -> None:
    """Put a label on the ticket (kept in the history); a tag it already has is no change."""
    require_agent(actor, ticket)
    lifecycle.refuse_if_closed(ticket)
    lifecycle.check_version(ticket, expected_version)
    has = select(exists().where(TicketTag.ticket_id == ticket.id, TicketTag.tag == tag))
    if db.session.scalar(has):
        return
    db.session.add(TicketTag(ticket_id=ticket.id, tag=tag))
    ticket.updated_at = now
    lifecycle.record_history(ticket, actor, "tag", None, tag, now=now)
    db.session.flush()


def apply_one(actor: User, selected: Selected, action: BulkAction, *, now: datetime) -> Ticket:
    """The action on one ticket, through the same lifecycle functions as the ticket page
    (permission, closed, version and holder checks included)."""
    ticket = get_visible_ticket(actor, selected.ticket_id)
    if selected.ticket_type is not None and ticket.type != selected.ticket_type:
        raise no_such_ticket()  # INC-7 named, REQ-7 found: not the case meant
    version = selected.version
    if action.kind == CLAIM:
        lifecycle.assign_ticket(ticket, actor, actor, expected_version=version, now=now)
    elif action.kind == ASSIGN:
        lifecycle.assign_ticket(ticket, actor, action.assignee, expected_version=version, now=now)
    elif action.kind == STATUS:
        status, pending_reason = BULK_STATUSES[action.status]
        lifecycle.change_status(
            ticket,
            actor,
            status,
            pending_reason=pending_reason,
            expected_version=version,
            now=now,
        )
    elif action.kind == TRANSFER:
        lifecycle.transfer_ticket(
            ticket, actor, action.queue, reason=action.reason, expected_version=version, now=now
        )
    elif action.kind == MAJOR:
        lifecycle.check_version(ticket, version)
        major = major_incidents.major_by_reference(actor, action.major)
        major_incidents.link_child(major, ticket, actor, now=now)
    else:
        tag_ticket(ticket, actor, action.tag, expected_version=version, now=now)
    return ticket


def _reference(actor: User, ticket_id: int) -> str | None:
    ticket = db.session.scalar(
        select(Ticket).where(Ticket.id == ticket_id, ticket_visibility(actor))
    )
    return ticket.reference if ticket is not None else None


def _refusal(actor: User, selected: Selected, exc: DomainError) -> Outcome:
    reference = _reference(actor, selected.ticket_id)
    if reference is None:
        message = _l("A selected case does not exist or you may not see it.")
    elif isinstance(exc, StaleVersion):
        message = _l(
            "%(ref)s has been changed by someone else since the list was shown", ref=reference
        )
    else:
        message = _l("%(ref)s: %(reason)s", ref=reference, reason=exc.message)
    return Outcome(selected.ticket_id, reference, False, exc.code, str(message), selected.typed)


def bulk_update(
    actor: User,
    selection: list[Selected],
    action: BulkAction,
    *,
    now: datetime,
    unit_of_work: Callable[[Callable[[], Ticket]], Ticket],
) -> BulkResult:
    """Apply `action` to each selected ticket in its own unit of work; never raises for one
    ticket's refusal (an incomplete action is refused whole, before anything is done)."""
    action = check_action(action)
    result = BulkResult()
    for selected in selection:
        try:
            ticket = unit_of_work(lambda s=selected: apply_one(actor, s, action, now=now))
        except DomainError as exc:
            result.outcomes.append(_refusal(actor, selected, exc))
        else:
            result.outcomes.append(Outcome(ticket.id, ticket.reference, True, typed=selected.typed))
    return result


__all__ = [
    "ACTIONS",
    "BULK_STATUSES",
    "BulkAction",
    "BulkResult",
    "Outcome",
    "Selected",
    "apply_one",
    "Colleagues",
    "colleagues",
    "bulk_update",
    "check_action",
    "parse_selection",
    "selection_by_reference",
    "tag_ticket",
]


@dataclass
class Colleagues:
    """The queues a user works (None: every active one, an admin) and who a bulk
    assignment may name: the active members of those queues, by name."""

    queue_ids: set[int] | None
    assignees: list[tuple[int, str]]


def colleagues(user: User) -> Colleagues:
    """One query (names only): each member of an active queue the user works. The user is
    a member of each of their queues, so the same rows tell which queues those are. Each
    ticket still checks its own assignee rules."""
    admin = user.has_role("admin")
    stmt = (
        select(QueueMember.queue_id, User.id, User.name, User.active)
        .join(User, User.id == QueueMember.user_id)
        .join(Queue, Queue.id == QueueMember.queue_id)
        .where(Queue.active.is_(True))
        .order_by(User.name, User.id)
    )
    if not admin:
        mine = select(QueueMember.queue_id).where(QueueMember.user_id == user.id)
        stmt = stmt.where(QueueMember.queue_id.in_(mine))
    rows = db.session.execute(stmt).all()
    queue_ids = None if admin else {r.queue_id for r in rows if r.id == user.id}
    people = dict.fromkeys((r.id, r.name) for r in rows if r.active)
    return Colleagues(queue_ids, list(people))
