"""The register (diarium) of one authority: its tickets, changes and problems with date
received, reference, sender, subject and status, newest first, paged by key from the
(authority_id, created_at, id) index of each table. A record with standing secrecy (on
itself or on any comment or file) shows a neutral subject and no sender; the CSV export is
the same rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, literal, or_, select, union_all

from servicedesk.domain import labels
from servicedesk.domain.permissions import require_registrar
from servicedesk.domain.records.secrecy import active_marks
from servicedesk.domain.reports.period import Period, days
from servicedesk.infra.extensions import db
from servicedesk.models import Authority, Change, Problem, Ticket, User
from servicedesk.models.change import format_change_reference
from servicedesk.models.problem import format_problem_reference
from servicedesk.models.ticket import format_reference

PAGE_SIZE = 50
# Kinds in the order rows with the same instant are listed (part of the paging key).
KINDS = ("ticket", "change", "problem")
NEUTRAL_SUBJECT = _l("Record covered by secrecy")


@dataclass(frozen=True)
class Cursor:
    created_at: datetime
    kind: int
    id: int

    def encode(self) -> str:
        """URL-safe as it is ("Z", not "+00:00"): an API client pastes it into a query."""
        at = self.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return f"{at}_{self.kind}_{self.id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        try:
            at, kind, ident = (text or "").rsplit("_", 2)
            cursor = cls(datetime.fromisoformat(at), int(kind), int(ident))
        except ValueError:
            return None
        return cursor if cursor.created_at.tzinfo is not None and 0 <= cursor.kind < 3 else None


@dataclass(frozen=True)
class RegisterRow:
    kind: str
    id: int
    reference: str
    created_at: datetime
    sender: str
    subject: str
    status: str
    secrecy: tuple[str, ...]  # the OSL provisions of standing marks ("26:1")

    @property
    def masked(self) -> bool:
        return bool(self.secrecy)


def _leg(kind: int, model, sender_col, status_col, type_col, authority_id, period, cursor, limit):
    stmt = select(
        literal(kind).label("kind"),
        model.id.label("id"),
        model.created_at.label("created_at"),
        model.title.label("title"),
        sender_col.label("sender_id"),
        status_col.label("status"),
        type_col.label("type"),
    ).where(model.authority_id == authority_id)
    if period is not None:
        stmt = stmt.where(model.created_at >= period.start, model.created_at < period.end)
    if cursor is not None:
        # The page after `cursor` in (created_at, kind, id) descending order.
        if kind < cursor.kind:
            stmt = stmt.where(model.created_at <= cursor.created_at)
        elif kind == cursor.kind:
            stmt = stmt.where(
                or_(
                    model.created_at < cursor.created_at,
                    and_(model.created_at == cursor.created_at, model.id < cursor.id),
                )
            )
        else:
            stmt = stmt.where(model.created_at < cursor.created_at)
    stmt = stmt.order_by(model.created_at.desc(), model.id.desc()).limit(limit)
    return select(stmt.subquery())


def period_of(start: date | None, end: date | None) -> Period | None:
    """Local days first..last (both inclusive); None for no limit."""
    if start is None and end is None:
        return None
    return days(start or date(1990, 1, 1), end or date(2099, 12, 31))


def register_rows(
    actor,
    authority: Authority,
    *,
    start: date | None = None,
    end: date | None = None,
    cursor: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> tuple[list[RegisterRow], Cursor | None]:
    """One page of the register and the cursor of the next page (None at the end)."""
    require_registrar(actor, authority.id)
    period = period_of(start, end)
    none = literal("")
    shape = (authority.id, period, cursor, limit + 1)
    legs = [
        _leg(0, Ticket, Ticket.requester_id, Ticket.status, Ticket.type, *shape),
        _leg(1, Change, Change.requester_id, Change.state, none, *shape),
        _leg(2, Problem, Problem.created_by_id, Problem.status, none, *shape),
    ]
    union = union_all(*legs).subquery()
    stmt = (
        select(union)
        .order_by(union.c.created_at.desc(), union.c.kind.desc(), union.c.id.desc())
        .limit(limit + 1)
    )
    raw = list(db.session.execute(stmt))
    more = len(raw) > limit
    raw = raw[:limit]
    rows = _rows(raw)
    next_cursor = None
    if more and rows:
        last = raw[-1]
        next_cursor = Cursor(_aware(rows[-1].created_at), last.kind, last.id)
    return rows, next_cursor


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _rows(raw) -> list[RegisterRow]:
    sender_ids = {r.sender_id for r in raw if r.sender_id}
    names = {}
    if sender_ids:
        stmt = select(User.id, User.name).where(User.id.in_(sender_ids))
        names = {user_id: name for user_id, name in db.session.execute(stmt)}
    marks = active_marks([r.id for r in raw if r.kind == 0])
    rows = []
    for r in raw:
        kind = KINDS[r.kind]
        created = _aware(r.created_at)
        if kind == "ticket":
            reference = format_reference(r.type, r.id)
            status = labels.label(labels.STATUS, r.status)
        elif kind == "change":
            reference = format_change_reference(r.id)
            status = labels.label(labels.CHANGE_STATE, r.status)
        else:
            reference = format_problem_reference(r.id)
            status = labels.label(labels.PROBLEM_STATUS, r.status)
        secrecy = tuple(m.provision.code for m in marks.get(r.id, [])) if kind == "ticket" else ()
        rows.append(
            RegisterRow(
                kind=kind,
                id=r.id,
                reference=reference,
                created_at=created,
                sender="" if secrecy else names.get(r.sender_id, ""),
                subject=str(NEUTRAL_SUBJECT) if secrecy else r.title,
                status=status,
                secrecy=secrecy,
            )
        )
    return rows


def iter_register(
    actor, authority: Authority, *, start: date | None, end: date | None
) -> Iterator[RegisterRow]:
    """Every row of the register for the period, page by page."""
    cursor = None
    while True:
        rows, cursor = register_rows(
            actor, authority, start=start, end=end, cursor=cursor, limit=500
        )
        yield from rows
        if cursor is None:
            return


CSV_HEADER = (
    _l("Date received"),
    _l("Reference"),
    _l("Sender"),
    _l("Subject"),
    _l("Status"),
    _l("Secrecy"),
)


def register_csv(actor, authority: Authority, *, start, end, local_date) -> str:
    """The register as CSV (semicolon separated, as Swedish spreadsheets expect); `local_date`
    formats an instant as the local day."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([str(h) for h in CSV_HEADER])
    for row in iter_register(actor, authority, start=start, end=end):
        writer.writerow(
            [
                local_date(row.created_at),
                row.reference,
                _safe(row.sender),
                _safe(row.subject),
                row.status,
                ", ".join(f"OSL {code}" for code in row.secrecy),
            ]
        )
    return out.getvalue()


def _safe(value: str) -> str:
    """No formula injection when the CSV is opened in a spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
