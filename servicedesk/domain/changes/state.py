"""The change state machine and the primitives every change module shares.

Which state may follow which, the risk matrix, who counts as admin or CAB member, and the
one function that moves a state and records history. Workflow (field edits, transitions)
and approvals (rounds, decisions) both build on it.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import InvalidTransition, PermissionDenied
from servicedesk.domain.labels import CHANGE_STATE
from servicedesk.infra.extensions import db
from servicedesk.models import CabMember, Change, ChangeHistory, ChangeState, Role, User

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
    change.closed_at = now if new in (ChangeState.CLOSED, ChangeState.CANCELLED) else None
    db.session.flush()


def state_label(state: str) -> str:
    return str(CHANGE_STATE.get(str(state), state))
