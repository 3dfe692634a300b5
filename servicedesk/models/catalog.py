"""The service catalog and the queues that support its services."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.org import Unit
from servicedesk.models.user import User


class Queue(db.Model):
    """A work queue of a unit: the IT unit's central desk, a department's support, a supplier."""

    __tablename__ = "queue"
    __table_args__ = (
        CheckConstraint("auto_assign IN ('none','round_robin','least_loaded')", name="auto_assign"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    is_central: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[str | None] = mapped_column(String(254))
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("calendar.id"))
    # How new tickets are handed to present agents: none, round_robin or least_loaded.
    auto_assign: Mapped[str] = mapped_column(String(20), default="none", server_default="none")
    # Round-robin position: the agent who got the last ticket (read under a row lock).
    last_assigned_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The staff ticket page's composer opens on "internal note" rather than "reply" (a
    # supplier or second-line queue that rarely writes to the requester).
    default_internal_note: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    unit: Mapped[Unit] = relationship()
    lead: Mapped[User | None] = relationship(foreign_keys=[lead_id])
    members: Mapped[list[User]] = relationship(secondary="queue_member")

    def __repr__(self) -> str:
        return f"<Queue {self.id} {self.name!r}>"


class QueueMember(db.Model):
    __tablename__ = "queue_member"
    __table_args__ = (UniqueConstraint("queue_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    queue_id: Mapped[int] = mapped_column(ForeignKey("queue.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )


class Service(db.Model):
    """A service or system as employees know it, with its owner, administrators and queue.

    Classification levels follow KLASSA: 1 (low) to 4 (very high); a confidentiality of 4
    restricts who may see the service's tickets.
    """

    __tablename__ = "service"
    __table_args__ = (
        CheckConstraint("confidentiality BETWEEN 1 AND 4", name="confidentiality"),
        CheckConstraint("integrity BETWEEN 1 AND 4", name="integrity"),
        CheckConstraint("availability BETWEEN 1 AND 4", name="availability"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name_sv: Mapped[str] = mapped_column(String(200), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # Words employees use for it ("schema, lärplattform"): the portal's service search
    # matches them as well as the names and the description.
    keywords: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    is_common: Mapped[bool] = mapped_column(Boolean, default=False)
    administrator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("queue.id"))
    confidentiality: Mapped[int] = mapped_column(default=2)
    integrity: Mapped[int] = mapped_column(default=2)
    availability: Mapped[int] = mapped_column(default=2)
    supplier: Mapped[str | None] = mapped_column(String(200))
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("calendar.id"))
    sla_policy_id: Mapped[int | None] = mapped_column(ForeignKey("sla_policy.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    owner_unit: Mapped[Unit] = relationship()
    administrator: Mapped[User | None] = relationship(foreign_keys=[administrator_id])
    deputy: Mapped[User | None] = relationship(foreign_keys=[deputy_id])
    queue: Mapped[Queue | None] = relationship()

    def name_for(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_sv

    def __repr__(self) -> str:
        return f"<Service {self.id} {self.name_sv!r}>"
