"""Problem records: find the root cause of incidents, publish a workaround (a known error)
and link the change that removes the cause. Staff only; flushes, never commits."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.changes.state import require_staff
from servicedesk.domain.errors import InvalidTransition, ValidationError
from servicedesk.domain.records.authorities import authority_for_person
from servicedesk.domain.text import single_line
from servicedesk.infra.extensions import db
from servicedesk.models import Change, Problem, ProblemStatus, ProblemTicket, Ticket, User
from servicedesk.models.ticket import split_reference

OPEN = (ProblemStatus.OPEN, ProblemStatus.KNOWN_ERROR)


def create_problem(actor: User, *, title: str, description: str = "", now: datetime) -> Problem:
    require_staff(actor)
    title = single_line(title)
    if not title:
        raise ValidationError(_l("Give the problem a title."), field="title")
    if len(title) > 200:
        raise ValidationError(_l("The text is too long."), field="title")
    problem = Problem(
        title=title,
        description=(description or "").strip(),
        owner_id=actor.id,
        created_by_id=actor.id,
        authority_id=authority_for_person(actor),
        created_at=now,
        updated_at=now,
    )
    db.session.add(problem)
    db.session.flush()
    return problem


def link_incident(problem: Problem, actor: User, ticket: Ticket, *, now: datetime) -> bool:
    """Link an incident (the caller has checked the actor may see it); False if linked."""
    require_staff(actor)
    if _link(problem, ticket) is not None:
        return False
    db.session.add(ProblemTicket(problem_id=problem.id, ticket_id=ticket.id, created_at=now))
    problem.updated_at = now
    db.session.flush()
    db.session.expire(problem, ["incidents"])
    return True


def unlink_incident(problem: Problem, actor: User, ticket: Ticket, *, now: datetime) -> bool:
    require_staff(actor)
    row = _link(problem, ticket)
    if row is None:
        return False
    db.session.delete(row)
    problem.updated_at = now
    db.session.flush()
    db.session.expire(problem, ["incidents"])
    return True


def _link(problem: Problem, ticket: Ticket) -> ProblemTicket | None:
    return db.session.scalar(
        select(ProblemTicket).where(
            ProblemTicket.problem_id == problem.id, ProblemTicket.ticket_id == ticket.id
        )
    )


def update_analysis(
    problem: Problem,
    actor: User,
    *,
    root_cause: str,
    workaround: str,
    known_error: bool,
    now: datetime,
) -> None:
    """Root cause and workaround; marking it a known error needs a workaround to publish."""
    require_staff(actor)
    _require_open(problem)
    workaround = (workaround or "").strip()
    if known_error and not workaround:
        raise ValidationError(_l("A known error needs a workaround."), field="workaround")
    problem.root_cause = (root_cause or "").strip()
    problem.workaround = workaround
    problem.known_error = bool(known_error)
    problem.status = (ProblemStatus.KNOWN_ERROR if known_error else ProblemStatus.OPEN).value
    problem.updated_at = now
    db.session.flush()


def link_fix(problem: Problem, actor: User, change: Change | None, *, now: datetime) -> None:
    require_staff(actor)
    problem.fix_change_id = change.id if change else None
    problem.updated_at = now
    db.session.flush()


def resolve_problem(problem: Problem, actor: User, *, now: datetime) -> None:
    """Resolved once the root cause is known (and, usually, the fixing change is in)."""
    require_staff(actor)
    _require_open(problem)
    if not problem.root_cause:
        raise ValidationError(_l("Record the root cause before resolving."), field="root_cause")
    problem.status = ProblemStatus.RESOLVED.value
    problem.resolved_at = now
    problem.updated_at = now
    db.session.flush()


def close_problem(problem: Problem, actor: User, *, now: datetime) -> None:
    require_staff(actor)
    if problem.status != ProblemStatus.RESOLVED:
        raise InvalidTransition(_l("Only a resolved problem can be closed."))
    problem.status = ProblemStatus.CLOSED.value
    problem.updated_at = now
    problem.closed_at = now
    db.session.flush()


def _require_open(problem: Problem) -> None:
    if ProblemStatus(problem.status) not in OPEN:
        raise InvalidTransition(_l("The problem is resolved or closed."))


def problems_for_ticket(ticket: Ticket) -> list[Problem]:
    stmt = (
        select(Problem)
        .join(ProblemTicket, ProblemTicket.problem_id == Problem.id)
        .where(ProblemTicket.ticket_id == ticket.id)
        .order_by(Problem.id)
    )
    return list(db.session.scalars(stmt))


def parse_problem_reference(reference: str) -> int | None:
    split = split_reference(reference)
    return split[1] if split is not None and split[0] == "PRB" else None
