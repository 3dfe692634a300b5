"""Automatic assignment inside a queue: round-robin or least-loaded among present agents.

`pick_assignee` is pure (table-tested); `auto_assign` reads the candidates and their load,
holds a row lock on the queue while it moves the round-robin position, and explains its
choice in Swedish like routing does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from servicedesk.domain.explanations import explain
from servicedesk.domain.permissions import may_hold
from servicedesk.infra.extensions import db
from servicedesk.models import (
    AutoAssign,
    Queue,
    QueueMember,
    Role,
    Service,
    Ticket,
    User,
    UserRole,
)

OPEN_STATUSES = ("new", "open", "pending")


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str


@dataclass(frozen=True)
class Pick:
    user_id: int | None
    reason: dict | None  # an explanation (domain/explanations.py)


def pick_assignee(
    mode: str,
    candidates: Sequence[Candidate],
    *,
    last_assigned_id: int | None = None,
    loads: Mapping[int, int] | None = None,
) -> Pick:
    """Choose among present agents (ordered by id); the reason is stored on the ticket."""
    if mode == AutoAssign.NONE:
        return Pick(None, None)
    people = sorted(candidates, key=lambda c: c.id)
    if not people:
        return Pick(None, explain("no_agent_present"))
    if mode == AutoAssign.ROUND_ROBIN:
        after = [c for c in people if last_assigned_id is not None and c.id > last_assigned_id]
        chosen = after[0] if after else people[0]
        return Pick(chosen.id, explain("assigned_in_turn", name=chosen.name))
    if mode == AutoAssign.LEAST_LOADED:
        loads = loads or {}
        chosen = min(people, key=lambda c: (loads.get(c.id, 0), c.id))
        count = loads.get(chosen.id, 0)
        return Pick(chosen.id, explain("assigned_least_loaded", name=chosen.name, count=count))
    raise ValueError(f"unknown auto-assign mode {mode!r}")


def present_agents(queue_id: int) -> list[User]:
    """The queue's active agents who have not marked themselves away."""
    stmt = (
        select(User)
        .join(QueueMember, QueueMember.user_id == User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            QueueMember.queue_id == queue_id,
            User.active.is_(True),
            User.away.is_(False),
            UserRole.role.in_((Role.AGENT.value, Role.ADMIN.value)),
        )
        .distinct()
        .order_by(User.id)
    )
    return list(db.session.scalars(stmt))


def open_loads(user_ids: Sequence[int]) -> dict[int, int]:
    if not user_ids:
        return {}
    stmt = (
        select(Ticket.assignee_id, func.count())
        .where(Ticket.assignee_id.in_(user_ids), Ticket.status.in_(OPEN_STATUSES))
        .group_by(Ticket.assignee_id)
    )
    return {uid: n for uid, n in db.session.execute(stmt)}


def auto_assign(queue: Queue, service: Service | None = None) -> tuple[User | None, str]:
    """Pick an agent for a new ticket of `queue` (about `service`) per its mode; moves the
    round-robin state. Only agents who may see a ticket of that service are candidates.

    The queue row is locked (SELECT ... FOR UPDATE on PostgreSQL) so two tickets filed at
    the same moment do not both go to the same 'next' agent."""
    if queue.auto_assign == AutoAssign.NONE:
        return None, None
    locked = db.session.scalar(
        select(Queue)
        .where(Queue.id == queue.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    agents = [u for u in present_agents(locked.id) if may_hold(u, service)]
    by_id = {u.id: u for u in agents}
    loads = open_loads(list(by_id)) if locked.auto_assign == AutoAssign.LEAST_LOADED else None
    pick = pick_assignee(
        locked.auto_assign,
        [Candidate(u.id, u.name) for u in agents],
        last_assigned_id=locked.last_assigned_user_id,
        loads=loads,
    )
    if pick.user_id is None:
        return None, pick.reason
    locked.last_assigned_user_id = pick.user_id
    return by_id[pick.user_id], pick.reason
