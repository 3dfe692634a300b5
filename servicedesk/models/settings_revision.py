"""One token that changes whenever a setting that filing reads changes.

Every new case reads the routing rules, the queues, the services, the SLA policies and the
calendars; every staff ticket page the closure codes, standard answers and macros. Workers keep those per process (`servicedesk.domain.settings_cache`) and check
this one row per transaction instead of reading them all again: any flush that adds, edits
or deletes a watched row writes a new random token in the same transaction, so the edit and
its new token commit (or roll back) together, and every worker sees the new token at its
next transaction.
"""

from __future__ import annotations

from itertools import chain
from uuid import uuid4

from sqlalchemy import String, bindparam, event, inspect, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from servicedesk.infra.extensions import db
from servicedesk.models.answers import ClosureCode, Macro, StandardAnswer
from servicedesk.models.catalog import Queue, Service
from servicedesk.models.org import Unit
from servicedesk.models.records import AuthorityRegistrar, AuthorityUnit
from servicedesk.models.routing import RoutingRule
from servicedesk.models.sla import CALENDAR_ROWS, Calendar, SlaPolicy, SlaTarget
from servicedesk.models.user import User

SETTINGS = "settings"
# Rows whose every change counts; of a person only what routing reads (active, away).
# The desk's closure codes, standard answers and macros ride on the same token.
WATCHED = (
    RoutingRule,
    Queue,
    Service,
    Unit,
    AuthorityUnit,  # which units file with which authority (domain/records/authorities.py)
    AuthorityRegistrar,  # who keeps which register (domain/permissions.py registrar_scope)
    SlaPolicy,
    SlaTarget,
    Calendar,
    *CALENDAR_ROWS,
    ClosureCode,
    StandardAnswer,
    Macro,
)
USER_FIELDS = ("active", "away")
# Session.info keys: the token this transaction read or wrote, and "this transaction
# changed settings" (its own view is uncommitted, so nothing it reads is kept).
INFO_TOKEN = "settings_revision"
INFO_CHANGED = "settings_changed"


class SettingsRevision(db.Model):
    __tablename__ = "settings_revision"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    revision: Mapped[str] = mapped_column(String(32))

    def __repr__(self) -> str:
        return f"<SettingsRevision {self.name} {self.revision}>"


# The same text on SQLite and PostgreSQL; written through the flush's connection.
_BUMP = text(
    "INSERT INTO settings_revision (name, revision) VALUES (:name, :revision) "
    "ON CONFLICT (name) DO UPDATE SET revision = excluded.revision"
).bindparams(bindparam("name", type_=String()), bindparam("revision", type_=String()))


def changes_settings(obj: object, session: Session) -> bool:
    """Whether flushing `obj` changes what the settings caches hold."""
    if isinstance(obj, WATCHED):
        return obj in session.new or obj in session.deleted or session.is_modified(obj)
    if isinstance(obj, User):
        if obj in session.new:
            return False  # nobody's rule or queue names a person who did not exist
        if obj in session.deleted:
            return True
        attrs = inspect(obj).attrs
        return any(attrs[name].history.has_changes() for name in USER_FIELDS)
    return False


def pending_settings_change(session: Session) -> bool:
    """Unflushed changes to a watched row (the next flush will write a new token)."""
    return any(
        changes_settings(obj, session) for obj in chain(session.new, session.dirty, session.deleted)
    )


@event.listens_for(Session, "before_flush")
def _new_settings_revision(session: Session, flush_context, instances) -> None:
    if not pending_settings_change(session):
        return
    token = uuid4().hex
    session.connection().execute(_BUMP, {"name": SETTINGS, "revision": token})
    session.info[INFO_TOKEN] = token
    session.info[INFO_CHANGED] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_token(session: Session, *args) -> None:
    """A new transaction reads the token again (another worker may have committed one)."""
    session.info.pop(INFO_TOKEN, None)
    session.info.pop(INFO_CHANGED, None)
