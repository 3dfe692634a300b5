"""Resolution and the desk's writing aids: closure codes (avslutskoder), standard answers
(svarsmallar) and macros (a standard answer plus field changes in one action)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.catalog import Queue


class ClosureCode(db.Model):
    """Why a case was resolved, from an admin-kept list; `code` is stable for the API."""

    __tablename__ = "closure_code"
    __table_args__ = (CheckConstraint("code <> ''", name="code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name_sv: Mapped[str] = mapped_column(String(200), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    def name_for(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_sv

    def __repr__(self) -> str:
        return f"<ClosureCode {self.code}>"


def answer_language(body_en: str, locale: str) -> str:
    """The language an answer is given in: English only when asked for and written."""
    return "en" if locale == "en" and body_en.strip() else "sv"


class StandardAnswer(db.Model):
    """A reusable reply (svarsmall) for one queue or, without a queue, for everyone."""

    __tablename__ = "standard_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    queue_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue.id", ondelete="CASCADE"), index=True
    )
    body_sv: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    queue: Mapped[Queue | None] = relationship()

    def language_for(self, locale: str) -> str:
        return answer_language(self.body_en, locale)

    def body_for(self, locale: str) -> str:
        return self.body_en if self.language_for(locale) == "en" else self.body_sv

    def __repr__(self) -> str:
        return f"<StandardAnswer {self.id} {self.title!r}>"


MACRO_STATUSES = ("open", "pending", "resolved")


class Macro(db.Model):
    """A standard answer plus field changes applied to a ticket in one unit of work."""

    __tablename__ = "macro"
    __table_args__ = (
        CheckConstraint(
            "status IS NULL OR status IN ('open', 'pending', 'resolved')", name="status"
        ),
        CheckConstraint(
            "(status = 'pending' AND pending_reason IS NOT NULL) "
            "OR (status IS NULL OR status <> 'pending') AND pending_reason IS NULL",
            name="pending_reason",
        ),
        CheckConstraint(
            "status IS NULL OR status <> 'resolved' "
            "OR (closure_code_id IS NOT NULL AND answer_id IS NOT NULL)",
            name="resolution",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    queue_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue.id", ondelete="CASCADE"), index=True
    )
    answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("standard_answer.id", ondelete="RESTRICT")
    )
    status: Mapped[str | None] = mapped_column(String(20))
    pending_reason: Mapped[str | None] = mapped_column(String(20))
    closure_code_id: Mapped[int | None] = mapped_column(ForeignKey("closure_code.id"))
    assign_to_me: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    queue: Mapped[Queue | None] = relationship()
    answer: Mapped[StandardAnswer | None] = relationship()
    closure_code: Mapped[ClosureCode | None] = relationship()

    def __repr__(self) -> str:
        return f"<Macro {self.id} {self.name!r}>"
