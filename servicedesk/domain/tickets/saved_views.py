"""Saved views of the queue list: create, rename, update, share and delete.

A view is personal, or shared with one queue (by its lead or an admin) so that the queue's
members see it too. Only the owner changes or deletes a view. A view holds the list's
parameters, never permissions: the list it opens is filtered by the viewer's visibility.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from servicedesk.domain.errors import NotFound, PermissionDenied, ValidationError
from servicedesk.domain.permissions import may_share_with_queue, saved_view_visibility
from servicedesk.domain.text import single_line
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, Role, SavedView, User
from servicedesk.models.saved_view import VIEW_NAME_MAX, VIEW_QUERY_MAX


def visible_views(user: User) -> list[SavedView]:
    """The user's own views and those shared with their queues, by name."""
    stmt = (
        select(SavedView).where(saved_view_visibility(user)).order_by(SavedView.name, SavedView.id)
    )
    return list(db.session.scalars(stmt))


def get_visible_view(user: User, view_id: int | None) -> SavedView:
    view = None
    if view_id:
        view = db.session.scalar(
            select(SavedView).where(SavedView.id == view_id, saved_view_visibility(user))
        )
    if view is None:
        raise NotFound(_l("No such saved view."))
    return view


def shareable_queues(user: User) -> list[Queue]:
    """The queues the user may share a view with: those they lead, every active one for an
    admin."""
    stmt = select(Queue).where(Queue.active.is_(True)).order_by(Queue.name)
    if not user.has_role(Role.ADMIN):
        stmt = stmt.where(Queue.lead_id == user.id)
    return list(db.session.scalars(stmt))


def _clean_name(owner: User, name: str, *, except_id: int | None = None) -> str:
    name = single_line(name or "").strip()
    if not name:
        raise ValidationError(_l("This field is required."), field="name")
    if len(name) > VIEW_NAME_MAX:
        raise ValidationError(_l("At most %(n)s characters.", n=VIEW_NAME_MAX), field="name")
    taken = select(
        exists().where(
            SavedView.owner_id == owner.id, SavedView.name == name, SavedView.id != (except_id or 0)
        )
    )
    if db.session.scalar(taken):
        raise ValidationError(_l("You already have a view with that name."), field="name")
    return name


def _clean_query(query: str) -> str:
    if len(query) > VIEW_QUERY_MAX:
        raise ValidationError(_l("This view has too many settings to be saved."), field="name")
    return query


def _share_queue(user: User, queue_id: int | None) -> Queue | None:
    if not queue_id:
        return None
    queue = db.session.get(Queue, queue_id)
    if queue is None or not may_share_with_queue(user, queue):
        raise ValidationError(
            _l("Only the queue's lead or an admin may share a view with that queue."),
            field="share_queue",
        )
    return queue


def _require_owner(user: User, view: SavedView) -> None:
    if view.owner_id != user.id:
        raise PermissionDenied(_l("Only the one who saved this view may change it."))


def create_view(
    user: User, name: str, query: str, *, share_queue_id: int | None = None, now: datetime
) -> SavedView:
    """Save the list's current parameters (`query`, canonical) under a name."""
    view = SavedView(
        owner_id=user.id,
        name=_clean_name(user, name),
        query=_clean_query(query),
        queue=_share_queue(user, share_queue_id),
        created_at=now,
        updated_at=now,
    )
    db.session.add(view)
    db.session.flush()
    return view


def update_view(
    user: User,
    view: SavedView,
    *,
    name: str | None = None,
    query: str | None = None,
    share_queue_id: int | None = None,
    share_given: bool = False,
    now: datetime,
) -> None:
    """Rename, replace the parameters of, or (un)share one's own view."""
    _require_owner(user, view)
    if name is not None:
        view.name = _clean_name(user, name, except_id=view.id)
    if query is not None:
        view.query = _clean_query(query)
    if share_given:
        view.queue = _share_queue(user, share_queue_id)
    view.updated_at = now
    db.session.flush()


def delete_view(user: User, view: SavedView) -> None:
    _require_owner(user, view)
    db.session.delete(view)
    db.session.flush()


__all__ = [
    "create_view",
    "delete_view",
    "get_visible_view",
    "shareable_queues",
    "update_view",
    "visible_views",
]
