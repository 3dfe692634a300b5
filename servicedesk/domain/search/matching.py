"""Title matching per kind of record, behind the permission layer's conditions.

This is the part a later full-text search (PostgreSQL tsvector, SQLite FTS5) replaces: it
keeps the signature `matches(actor, kind, text, offset, limit) -> (records, total)`.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import joinedload

from servicedesk.domain.permissions import (
    change_visibility,
    problem_visibility,
    ticket_visibility,
)
from servicedesk.infra.extensions import db
from servicedesk.models import Change, Problem, Ticket, User

MODELS = {"ticket": Ticket, "change": Change, "problem": Problem}
VISIBILITY = {
    "ticket": ticket_visibility,
    "change": change_visibility,
    "problem": problem_visibility,
}
ORDER = {
    "ticket": (Ticket.updated_at.desc(), Ticket.id.desc()),
    "change": (Change.id.desc(),),
    "problem": (Problem.id.desc(),),
}


def _title_contains(model, text: str) -> ColumnElement[bool]:
    # LIKE wildcards in the user's text are matched literally.
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return model.title.ilike(f"%{escaped}%", escape="\\")


def matches(actor: User, kind: str, text: str, offset: int, limit: int) -> tuple[list, int]:
    """The records of `kind` whose title contains `text` that `actor` may see: one page of
    them (newest first) and how many there are in all."""
    model = MODELS[kind]
    conditions = (VISIBILITY[kind](actor), _title_contains(model, text))
    total = db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
    if not total or limit <= 0:
        return [], total
    stmt = select(model).where(*conditions).order_by(*ORDER[kind]).offset(offset).limit(limit)
    if kind == "ticket":
        stmt = stmt.options(joinedload(Ticket.queue))
    return list(db.session.scalars(stmt)), total


def by_id(actor: User, kind: str, record_id: int, ticket_type: str | None = None):
    """One record by its id when `actor` may see it, else None (no hint that it exists)."""
    model = MODELS[kind]
    conditions = [model.id == record_id, VISIBILITY[kind](actor)]
    if ticket_type is not None:
        conditions.append(Ticket.type == ticket_type)
    return db.session.scalar(select(model).where(*conditions))
