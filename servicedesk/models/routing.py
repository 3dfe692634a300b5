"""Admin-editable routing rules, and the tags a rule can put on a ticket."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.catalog import Queue, Service
from servicedesk.models.org import Unit
from servicedesk.models.user import User


class AutoAssign(enum.StrEnum):
    """How a queue hands new tickets to its present agents."""

    NONE = "none"
    ROUND_ROBIN = "round_robin"
    LEAST_LOADED = "least_loaded"


class RoutingRule(db.Model):
    """One ordered rule: when every set condition holds, the ticket goes to the target queue.

    Unset conditions match anything; the first matching active rule (lowest position) wins,
    then the catalog default applies. `title_words` holds comma-separated phrases, any of
    which must occur in the title (case-insensitive, literal).
    """

    __tablename__ = "routing_rule"
    __table_args__ = (
        CheckConstraint("priority IS NULL OR priority BETWEEN 1 AND 4", name="priority"),
        Index("ix_routing_rule_position", "position", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    ticket_type: Mapped[str | None] = mapped_column(String(30))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    requester_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    channel: Mapped[str | None] = mapped_column(String(20))
    priority: Mapped[int | None] = mapped_column()
    title_words: Mapped[str | None] = mapped_column(String(500))
    target_queue_id: Mapped[int] = mapped_column(ForeignKey("queue.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    tag: Mapped[str | None] = mapped_column(String(50))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    service: Mapped[Service | None] = relationship()
    owner_unit: Mapped[Unit | None] = relationship(foreign_keys=[owner_unit_id])
    requester_unit: Mapped[Unit | None] = relationship(foreign_keys=[requester_unit_id])
    target_queue: Mapped[Queue] = relationship()
    assignee: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<RoutingRule {self.id} #{self.position} {self.name!r}>"


class TicketTag(db.Model):
    """A label on a ticket (e.g. 'akut'), set by a routing rule."""

    __tablename__ = "ticket_tag"
    __table_args__ = (UniqueConstraint("ticket_id", "tag"), Index("ix_ticket_tag_tag", "tag"))

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(50))

    def __repr__(self) -> str:
        return f"<TicketTag {self.ticket_id} {self.tag!r}>"
