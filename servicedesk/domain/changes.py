"""Change requests: the state machine, risk level, submission rules and field edits.

Approval rounds live in `change_approvals`, calendar conflicts in `change_conflicts`.
Every function takes the acting user and a keyword-only `now`, records ChangeHistory for
each state or field change, and flushes; the request boundary commits.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.change_rules import MissingFields, missing_for_submission
from servicedesk.domain.errors import (
    InvalidTransition,
    PermissionDenied,
    StaleVersion,
    ValidationError,
)
from servicedesk.extensions import db
from servicedesk.models import (
    CabMember,
    Change,
    ChangeHistory,
    ChangeKind,
    ChangeReview,
    ChangeService,
    ChangeState,
    Role,
    Service,
    User,
)

S = ChangeState
TRANSITIONS: dict[ChangeState, frozenset[ChangeState]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.CANCELLED}),
    S.SUBMITTED: frozenset({S.ASSESSMENT, S.CANCELLED}),
    # assessment → approved only for standard (pre-approved) changes; see request_approval
    S.ASSESSMENT: frozenset({S.AWAITING_APPROVAL, S.APPROVED, S.CANCELLED}),
    S.AWAITING_APPROVAL: frozenset({S.APPROVED, S.REJECTED, S.CANCELLED}),
    S.APPROVED: frozenset({S.SCHEDULED, S.CANCELLED}),
    S.REJECTED: frozenset({S.DRAFT, S.CANCELLED}),  # rework and submit again, or give up
    S.SCHEDULED: frozenset({S.IN_PROGRESS, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.IMPLEMENTED, S.CANCELLED}),
    S.IMPLEMENTED: frozenset({S.UNDER_REVIEW, S.CANCELLED}),
    S.UNDER_REVIEW: frozenset({S.CLOSED, S.CANCELLED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}
OPEN_STATES = frozenset(s for s in ChangeState if s not in (S.CLOSED, S.CANCELLED))
EDITABLE_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.ASSESSMENT})
# Decided by the approvers (change_approvals.decide), never by a button.
DECIDED_BY_APPROVAL = frozenset(
    {(S.AWAITING_APPROVAL, S.APPROVED), (S.AWAITING_APPROVAL, S.REJECTED)}
)

RISK_LEVELS = ("low", "medium", "high", "very_high")
HIGH_RISK = frozenset({"high", "very_high"})

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


def risk_level(likelihood: int | None, impact: int | None) -> str | None:
    """The risk matrix: likelihood (1–4) × impact (1–4).

    Product 1–3 low, 4–6 medium, 8–9 high, 12–16 very high. None until both are assessed.
    """
    if likelihood is None or impact is None:
        return None
    if not (1 <= likelihood <= 4 and 1 <= impact <= 4):
        raise ValueError("likelihood and impact are 1 to 4")
    score = likelihood * impact
    if score <= 3:
        return "low"
    if score <= 6:
        return "medium"
    if score <= 9:
        return "high"
    return "very_high"


def can_transition(old: str, new: str) -> bool:
    return ChangeState(new) in TRANSITIONS[ChangeState(old)]


def record(change: Change, actor: User | None, field: str, old, new, *, now: datetime) -> None:
    db.session.add(
        ChangeHistory(
            change_id=change.id,
            actor_id=actor.id if actor else None,
            at=now,
            field=field,
            old_value=None if old is None else str(old),
            new_value=None if new is None else str(new),
        )
    )


def is_admin(user: User) -> bool:
    return user.has_role(Role.ADMIN)


def is_cab_member(user: User) -> bool:
    return db.session.scalar(select(CabMember.id).where(CabMember.user_id == user.id)) is not None


def require_staff(user: User) -> None:
    if not user.is_staff:
        raise PermissionDenied(_l("Only service desk staff work with changes."))


def require_owner(change: Change, actor: User) -> None:
    """Scheduling, starting and implementing belong to the change owner (or an admin)."""
    if actor.id != change.owner_id and not is_admin(actor):
        raise PermissionDenied(_l("Only the change owner or an administrator may do this."))


def _check_version(change: Change, expected: int | None) -> None:
    if expected is not None and expected != change.version:
        raise StaleVersion(_l("Someone else changed this change request. Reload and try again."))


def _clean(field: str, value):
    if isinstance(value, str):
        value = value.strip()
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


def set_state(change: Change, actor: User | None, new: ChangeState, *, now: datetime) -> None:
    """The one place a state changes: checks the table and records history."""
    old = ChangeState(change.state)
    if not can_transition(old, new):
        raise InvalidTransition(
            LazyString(
                lambda: gettext(
                    "A change in state “%(old)s” cannot move to “%(new)s”.",
                    old=state_label(old),
                    new=state_label(new),
                )
            )
        )
    record(change, actor, "state", old.value, new.value, now=now)
    change.state = new.value
    change.updated_at = now
    db.session.flush()


def state_label(state: str) -> str:
    from servicedesk.labels import CHANGE_STATE

    return str(CHANGE_STATE.get(str(state), state))


def transition(
    change: Change, actor: User, new: str, *, expected_version: int | None = None, now: datetime
) -> None:
    """A transition asked for by a person (the buttons on the change page)."""
    require_staff(actor)
    _check_version(change, expected_version)
    target = ChangeState(new)
    old = ChangeState(change.state)
    if not can_transition(old, target):
        set_state(change, actor, target, now=now)  # raises with the clear message
    if (old, target) in DECIDED_BY_APPROVAL:
        raise InvalidTransition(_l("Approvers decide this with Approve or Reject."))
    if target == S.AWAITING_APPROVAL or (old, target) == (S.ASSESSMENT, S.APPROVED):
        from servicedesk.domain.change_approvals import request_approval

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
