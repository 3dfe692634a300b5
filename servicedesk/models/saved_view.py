"""Saved views of the agent's queue list: a name for a set of filters, a sort, columns and a
page size, personal or shared with the members of one queue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.catalog import Queue
from servicedesk.models.user import User

VIEW_NAME_MAX = 80
VIEW_QUERY_MAX = 2000


class SavedView(db.Model):
    """`query` is the list's own query string (only the keys a view keeps); `queue_id` set
    means shared with that queue's members, null means the owner's alone."""

    __tablename__ = "saved_view"
    __table_args__ = (
        UniqueConstraint("owner_id", "name"),
        CheckConstraint(f"length(name) BETWEEN 1 AND {VIEW_NAME_MAX}", name="name_length"),
        CheckConstraint(f"length(query) <= {VIEW_QUERY_MAX}", name="query_length"),
        Index("ix_saved_view_queue", "queue_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("queue.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(VIEW_NAME_MAX))
    query: Mapped[str] = mapped_column(String(VIEW_QUERY_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[User] = relationship()
    queue: Mapped[Queue | None] = relationship()

    def __repr__(self) -> str:
        return f"<SavedView {self.id} {self.name!r}>"
