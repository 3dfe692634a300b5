"""The organisation: the municipality, its companies, departments and the IT unit."""

from __future__ import annotations

import enum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db


class UnitKind(enum.StrEnum):
    MUNICIPALITY = "municipality"
    COMPANY = "company"
    DEPARTMENT = "department"
    IT_UNIT = "it_unit"
    SUPPLIER = "supplier"


class Unit(db.Model):
    """An organisational unit; each committee or company is its own authority for records."""

    __tablename__ = "unit"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('municipality','company','department','it_unit','supplier')", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name!r} {self.kind}>"
