"""People who use the desk, and the roles that say what they may do."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.org import Unit


class Role(enum.StrEnum):
    EMPLOYEE = "employee"
    AGENT = "agent"
    MANAGER = "manager"
    ADMIN = "admin"
    SECURITY = "security"  # informationssäkerhetssamordnare


class User(UserMixin, db.Model):
    """An employee, agent, manager or admin; one person may hold several roles."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("locale IN ('sv','en')", name="locale"),
        # One employee number per person; people without one (NULL) are many.
        Index("ux_user_account_employee_number", "employee_number", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # How the desk finds a caller: the work phone as written, the HR employee number.
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    employee_number: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    locale: Mapped[str] = mapped_column(String(5), default="sv")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    away: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of the id kept in the session cookie; raising it ends every session issued before
    # (log-out, password, role change, deactivation). See docs/security.md.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    unit: Mapped[Unit | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self) -> set[str]:
        return {row.role for row in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_staff(self) -> bool:
        # An informationssäkerhetssamordnare works the security incidents as staff.
        return self.has_role(Role.AGENT, Role.ADMIN, Role.SECURITY)

    def get_id(self) -> str:
        """Flask-Login keeps this in the session: the account and its session version."""
        return f"{self.id}:{self.session_version or 0}"

    @property
    def is_active(self) -> bool:  # Flask-Login: a disabled account cannot log in
        return self.active

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(db.Model):
    __tablename__ = "user_role"
    __table_args__ = (
        UniqueConstraint("user_id", "role"),
        CheckConstraint("role IN ('employee','agent','manager','admin','security')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))


class LoginAttempt(db.Model):
    """One checked sign-in (right or wrong), kept a day to throttle password guessing.

    `account` is a digest of the typed address, not the text: people type passwords into
    the address field, and unknown addresses are throttled like known ones.
    """

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_account_at", "account", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
        Index("ix_login_attempt_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    account: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(45))
    succeeded: Mapped[bool] = mapped_column(Boolean)
