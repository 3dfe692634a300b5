"""Change requests: creating and editing them, and the transitions people ask for.

The state table, risk matrix and shared primitives live in `state`, approval rounds in
`approvals`, calendar conflicts in `conflicts`.
Every function takes the acting user and a keyword-only `now`, records ChangeHistory for
each state or field change, and flushes; the request boundary commits.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.changes.approvals import request_approval
from servicedesk.domain.changes.rules import MissingFields, missing_for_submission
from servicedesk.domain.changes.state import (
    DECIDED_BY_APPROVAL,
    EDITABLE_STATES,
    TRANSITIONS,
    S,
    can_transition,
    is_admin,
    record,
    require_owner,
    require_staff,
    set_state,
)
from servicedesk.domain.errors import (
    InvalidTransition,
    PermissionDenied,
    StaleVersion,
    ValidationError,
)
from servicedesk.domain.records.authorities import authority_for_person
from servicedesk.domain.text import single_line
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Change,
    ChangeKind,
    ChangeReview,
    ChangeService,
    ChangeState,
    Service,
    User,
)

EDITABLE_FIELDS = (
    "kind",
    "title",
    "description",
    "reason",
    "expected_benefit",
    "planned_start",
    "planned_end",
    "implementation_plan",
    "backout_plan",
    "test_plan",
    "cost_one_off",
    "cost_yearly",
    "risk_likelihood",
    "risk_impact",
    "risk_text",
    "consequence",
    "communication_plan",
)
TEXT_MAX = 50_000


def _check_version(change: Change, expected: int | None) -> None:
    if expected is not None and expected != change.version:
        raise StaleVersion(_l("Someone else changed this change request. Reload and try again."))


def _clean(field: str, value):
    if isinstance(value, str):
        value = single_line(value) if field == "title" else value.strip()
        limit = 200 if field == "title" else TEXT_MAX
        if len(value) > limit:
            raise ValidationError(_l("The text is too long."), field=field)
    return value


def _check_window(start: datetime | None, end: datetime | None) -> None:
    if start and end and end <= start:
        raise ValidationError(_l("The end must be after the start."), field="planned_end")


def create_change(
    actor: User, *, title: str, owner: User | None = None, services=(), now: datetime, **values
) -> Change:
    """A new change in draft; the creator is the requester and, unless named, the owner."""
    require_staff(actor)
    title = _clean("title", title or "")
    if not title:
        raise ValidationError(_l("Give the change a title."), field="title")
    change = Change(
        title=title,
        requester_id=actor.id,
        owner_id=(owner or actor).id,
        authority_id=authority_for_person(actor),
        state=S.DRAFT,
        created_at=now,
        updated_at=now,
    )
    for field in EDITABLE_FIELDS:
        if field in values and values[field] is not None:
            setattr(change, field, _clean(field, values[field]))
    _check_window(change.planned_start, change.planned_end)
    db.session.add(change)
    db.session.flush()
    _set_services(change, list(services))
    record(change, actor, "created", None, change.reference, now=now)
    db.session.flush()
    return change


def _set_services(change: Change, services: list[Service]) -> None:
    db.session.execute(ChangeService.__table__.delete().where(ChangeService.change_id == change.id))
    for service in {s.id: s for s in services}.values():
        db.session.add(ChangeService(change_id=change.id, service_id=service.id))
    db.session.flush()
    db.session.expire(change, ["services"])


def update_change(
    change: Change,
    actor: User,
    *,
    services=None,
    owner: User | None = None,
    expected_version: int | None = None,
    now: datetime,
    **values,
) -> list[str]:
    """Edit fields before approval is requested; every changed field goes to the history."""
    check_may_edit(change, actor)
    _check_version(change, expected_version)
    changed = []
    for field in EDITABLE_FIELDS:
        if field not in values:
            continue
        new = _clean(field, values[field])
        if field == "title" and not new:
            raise ValidationError(_l("Give the change a title."), field="title")
        old = getattr(change, field)
        if old != new:
            record(change, actor, field, old, new, now=now)
            setattr(change, field, new)
            changed.append(field)
    _check_window(change.planned_start, change.planned_end)
    if owner is not None and owner.id != change.owner_id:
        record(change, actor, "owner", change.owner.name, owner.name, now=now)
        change.owner_id = owner.id
        changed.append("owner")
    if services is not None:
        changed += _update_services(change, actor, list(services), now=now)
    if changed:
        change.updated_at = now
    db.session.flush()
    return changed


def _update_services(change: Change, actor: User, services: list[Service], *, now) -> list[str]:
    old = sorted(s.name_sv for s in change.services)
    new = sorted({s.name_sv for s in services})
    if old == new:
        return []
    record(change, actor, "services", ", ".join(old), ", ".join(new), now=now)
    _set_services(change, services)
    return ["services"]


def check_may_edit(change: Change, actor: User) -> None:
    """Raises unless the actor may edit the change now (who and which state)."""
    require_staff(actor)
    if actor.id not in (change.owner_id, change.requester_id) and not is_admin(actor):
        raise PermissionDenied(_l("Only the requester, the change owner or an admin may edit."))
    if ChangeState(change.state) not in EDITABLE_STATES:
        raise ValidationError(_l("The change can only be edited before approval is requested."))


def transition(
    change: Change, actor: User, new: str, *, expected_version: int | None = None, now: datetime
) -> None:
    """A transition asked for by a person: the buttons on the change page and the API's
    transitions, which allow exactly the moves the page shows (docs/api.md)."""
    require_staff(actor)
    _check_version(change, expected_version)
    target = ChangeState(new)
    old = ChangeState(change.state)
    if not can_transition(old, target):
        set_state(change, actor, target, now=now)  # raises with the clear message
    if (old, target) in DECIDED_BY_APPROVAL:
        raise InvalidTransition(_l("Approvers decide this with Approve or Reject."))
    if not _shown(change, old, target):
        if target == S.APPROVED:
            raise InvalidTransition(
                _l("Only a standard change is approved at once; request approval instead.")
            )
        raise InvalidTransition(_l("A standard change is pre-approved; move it to approved."))
    if target == S.AWAITING_APPROVAL or (old, target) == (S.ASSESSMENT, S.APPROVED):
        request_approval(change, actor, now=now)
        return
    _GUARDS.get(target, _owner_guard)(change, actor)
    set_state(change, actor, target, now=now)


def _submit_guard(change: Change, actor: User) -> None:
    if actor.id not in (change.owner_id, change.requester_id) and not is_admin(actor):
        raise PermissionDenied(_l("Only the requester, the change owner or an admin may submit."))
    missing = missing_for_submission(change)
    if missing:
        raise MissingFields(missing)


def _schedule_guard(change: Change, actor: User) -> None:
    require_owner(change, actor)
    if not (change.planned_start and change.planned_end):
        raise ValidationError(
            _l("Plan a start and an end before scheduling."), field="planned_start"
        )


def _close_guard(change: Change, actor: User) -> None:
    require_owner(change, actor)
    if (
        db.session.scalar(select(ChangeReview.id).where(ChangeReview.change_id == change.id))
        is None
    ):
        raise ValidationError(_l("Record the post-implementation review before closing."))


def _cancel_guard(change: Change, actor: User) -> None:
    if actor.id not in (change.owner_id, change.requester_id) and not is_admin(actor):
        raise PermissionDenied(_l("Only the requester, the change owner or an admin may cancel."))


def _owner_guard(change: Change, actor: User) -> None:
    require_owner(change, actor)


_GUARDS = {
    S.SUBMITTED: _submit_guard,
    S.SCHEDULED: _schedule_guard,
    S.CLOSED: _close_guard,
    S.CANCELLED: _cancel_guard,
}


def may_move(change: Change, actor: User, target: ChangeState) -> bool:
    """Whether the actor's role allows the move (the guards' who-rule, without data checks):
    the requester may also submit and cancel; everything else is the owner's or an admin's."""
    if is_admin(actor) or actor.id == change.owner_id:
        return True
    return target in (S.SUBMITTED, S.CANCELLED) and actor.id == change.requester_id


def _shown(change: Change, old: ChangeState, target: ChangeState) -> bool:
    if (old, target) in DECIDED_BY_APPROVAL:
        return False
    standard = change.kind == ChangeKind.STANDARD
    if (old, target) == (S.ASSESSMENT, S.APPROVED):
        return standard
    if (old, target) == (S.ASSESSMENT, S.AWAITING_APPROVAL):
        return not standard
    return True


def available_transitions(change: Change, actor: User) -> list[str]:
    """The buttons to show: legal from here, not decided by the approvers, and allowed
    for this actor."""
    old = ChangeState(change.state)
    return [
        target.value
        for target in sorted(TRANSITIONS[old])
        if _shown(change, old, target) and may_move(change, actor, target)
    ]
