"""Public records (allmänna handlingar): receiving authorities, secrecy marks (OSL), retention
rules, legal holds, the thinning log and each record's archive state."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime, utcnow
from servicedesk.models.org import Unit
from servicedesk.models.user import User


def _in(values: type[enum.StrEnum]) -> str:
    return "(" + ",".join(f"'{v.value}'" for v in values) + ")"


class AuthorityKind(enum.StrEnum):
    COMMITTEE = "committee"  # nämnd
    COMPANY = "company"  # kommunalt bolag


class RecordKind(enum.StrEnum):
    """The record types retention rules are written for (informationshanteringsplan)."""

    INCIDENT = "incident"
    REQUEST = "request"
    ACCESS = "access"
    SECURITY = "security"
    CHANGE = "change"
    PROBLEM = "problem"


class MarkTarget(enum.StrEnum):
    TICKET = "ticket"
    COMMENT = "comment"
    ATTACHMENT = "attachment"


class HoldTarget(enum.StrEnum):
    TICKET = "ticket"
    SERVICE = "service"
    PERSON = "person"


class Authority(db.Model):
    """A receiving authority (myndighet): a committee or a municipal company. Its units (and
    every unit below them) file their records with it."""

    __tablename__ = "authority"
    __table_args__ = (CheckConstraint(f"kind IN {_in(AuthorityKind)}", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(20), default=AuthorityKind.COMMITTEE)
    # The archive's code for the authority (arkivbildare), written into archive packages.
    archive_code: Mapped[str] = mapped_column(String(60), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    units: Mapped[list[Unit]] = relationship(secondary="authority_unit", order_by=Unit.name)
    registrars: Mapped[list[User]] = relationship(
        secondary="authority_registrar", order_by=User.name
    )

    def __repr__(self) -> str:
        return f"<Authority {self.id} {self.name!r}>"


class AuthorityUnit(db.Model):
    """A unit that belongs to an authority; a unit belongs to at most one."""

    __tablename__ = "authority_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), unique=True)


class AuthorityRegistrar(db.Model):
    """A registrar (registrator) of an authority: keeps its register and its legal holds."""

    __tablename__ = "authority_registrar"
    __table_args__ = (UniqueConstraint("authority_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)


class OslProvision(db.Model):
    """A secrecy provision of the Public Access to Information and Secrecy Act (OSL),
    chapter and section, e.g. 26:1 (socialtjänst)."""

    __tablename__ = "osl_provision"
    __table_args__ = (
        UniqueConstraint("chapter", "section"),
        CheckConstraint("chapter BETWEEN 1 AND 99", name="chapter"),
        CheckConstraint("section BETWEEN 1 AND 99", name="section"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter: Mapped[int] = mapped_column(Integer)
    section: Mapped[int] = mapped_column(Integer)
    # A letter after the section ("2 a §"), empty for most.
    letter: Mapped[str] = mapped_column(String(2), default="", server_default="")
    title: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def code(self) -> str:
        return f"{self.chapter}:{self.section}{' ' + self.letter if self.letter else ''}"

    def __repr__(self) -> str:
        return f"<OslProvision {self.code}>"


class SecrecyMark(db.Model):
    """Secrecy on a ticket, one comment or one file, under an OSL provision. Lifting keeps
    the row (lifted_at, lifted_by): the marking and the unmarking stay on record."""

    __tablename__ = "secrecy_mark"
    __table_args__ = (
        CheckConstraint(f"target IN {_in(MarkTarget)}", name="target"),
        CheckConstraint(
            "(target = 'ticket' AND comment_id IS NULL AND attachment_id IS NULL)"
            " OR (target = 'comment' AND comment_id IS NOT NULL AND attachment_id IS NULL)"
            " OR (target = 'attachment' AND attachment_id IS NOT NULL AND comment_id IS NULL)",
            name="target_columns",
        ),
        Index("ix_secrecy_mark_ticket_lifted", "ticket_id", "lifted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(String(20))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id"))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    provision_id: Mapped[int] = mapped_column(ForeignKey("osl_provision.id"))
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    provision: Mapped[OslProvision] = relationship(lazy="joined")
    marked_by: Mapped[User | None] = relationship(foreign_keys=[marked_by_id])


class RetentionRule(db.Model):
    """From the authority's information management plan: thin a record type N years after
    closing (gallringsfrist), under the decision `decision_ref` (dnr)."""

    __tablename__ = "retention_rule"
    __table_args__ = (
        UniqueConstraint("authority_id", "record_kind"),
        CheckConstraint(f"record_kind IN {_in(RecordKind)}", name="record_kind"),
        CheckConstraint("years BETWEEN 0 AND 100", name="years"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"))
    record_kind: Mapped[str] = mapped_column(String(20))
    years: Mapped[int] = mapped_column(Integer)
    decision_ref: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    authority: Mapped[Authority] = relationship()


class LegalHold(db.Model):
    """A hold on a ticket, a service or a person: nothing it covers is thinned while it
    stands (until `until`, or until lifted)."""

    __tablename__ = "legal_hold"
    __table_args__ = (
        CheckConstraint(f"target IN {_in(HoldTarget)}", name="target"),
        CheckConstraint(
            "(target = 'ticket' AND ticket_id IS NOT NULL)"
            " OR (target = 'service' AND service_id IS NOT NULL)"
            " OR (target = 'person' AND user_id IS NOT NULL)",
            name="target_columns",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(String(20))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    until: Mapped[date | None] = mapped_column(Date)
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lift_reason: Mapped[str] = mapped_column(Text, default="")

    placed_by: Mapped[User | None] = relationship(foreign_keys=[placed_by_id])
    lifted_by: Mapped[User | None] = relationship(foreign_keys=[lifted_by_id])
    person: Mapped[User | None] = relationship(foreign_keys=[user_id])


class ThinningLog(db.Model):
    """One thinning under one rule in one run (gallringslogg): never changed, never thinned."""

    __tablename__ = "thinning_log"
    __table_args__ = (Index("ix_thinning_log_at", "at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    run_key: Mapped[str] = mapped_column(String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("retention_rule.id"))
    # The rule as it was, so the entry reads the same after the rule is changed.
    authority_name: Mapped[str] = mapped_column(String(200))
    record_kind: Mapped[str] = mapped_column(String(20))
    years: Mapped[int] = mapped_column(Integer)
    decision_ref: Mapped[str] = mapped_column(String(100), default="")
    count: Mapped[int] = mapped_column(Integer)
    record_refs: Mapped[list] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()


class ImmutableThinningLog(RuntimeError):
    """Raised when code tries to change or remove a thinning log entry."""


@event.listens_for(ThinningLog, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise ImmutableThinningLog("Thinning log entries cannot be changed.")


@event.listens_for(ThinningLog, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise ImmutableThinningLog("Thinning log entries cannot be deleted.")


class RecordState(db.Model):
    """What has happened to one record as a public record: thinned (when, by which rule),
    delivered to the archive (when, in which package)."""

    __tablename__ = "record_state"
    __table_args__ = (
        UniqueConstraint("record_type", "record_id"),
        CheckConstraint("record_type IN ('ticket','change','problem')", name="record_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column(Integer)
    thinned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    thinning_rule_id: Mapped[int | None] = mapped_column(ForeignKey("retention_rule.id"))
    # The run that thinned it: a run's log entries are written from these rows, so a run
    # killed before its log entry gets it from the next run.
    thinning_run: Mapped[str | None] = mapped_column(String(40), index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    package_id: Mapped[str | None] = mapped_column(String(80))


# --- no hard delete ---------------------------------------------------------------------
# Tickets, comments, files and history lines are public records: nothing deletes them
# (thinning blanks their content and keeps the rows). The ORM refuses a delete of one, as
# one object or as a bulk DELETE statement; tests/records/test_no_delete.py checks that no
# route, command or API call tries.


class RecordDeletionRefused(RuntimeError):
    """Raised when code tries to delete a public record."""


def _protected() -> tuple[type, ...]:
    from servicedesk.models.change import ChangeHistory
    from servicedesk.models.ticket import Attachment, Comment, Ticket, TicketHistory

    return (Ticket, Comment, Attachment, TicketHistory, ChangeHistory)


def _refuse_record_delete(mapper, connection, target) -> None:
    raise RecordDeletionRefused(f"{type(target).__name__} rows are public records: never deleted.")


def install_record_guards() -> None:
    """Refuse ORM deletes of the protected records (idempotent)."""
    from sqlalchemy.orm import Session

    for model in _protected():
        if not event.contains(model, "before_delete", _refuse_record_delete):
            event.listen(model, "before_delete", _refuse_record_delete)
    if not event.contains(Session, "do_orm_execute", _refuse_bulk_delete):
        event.listen(Session, "do_orm_execute", _refuse_bulk_delete)


def _refuse_bulk_delete(state) -> None:
    if not state.is_delete:
        return
    protected = {model.__table__.name for model in _protected()}
    table = getattr(state.statement, "table", None)
    if table is not None and getattr(table, "name", None) in protected:
        raise RecordDeletionRefused(f"DELETE on {table.name}: public records are never deleted.")
