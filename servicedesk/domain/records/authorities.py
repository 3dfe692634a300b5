"""Receiving authorities: which units file with which committee or company, and the
authority of every ticket, change and problem.

A record's authority is derived from its owning unit when it is filed: the requester's
unit (the committee whose business the case is; the IT unit handles it on its behalf),
else the unit of the queue that receives it. A unit belongs to the authority mapped to it or
to its nearest mapped ancestor. A later move to another authority is a history line and an
audit entry; filing never changes it afterwards.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from servicedesk.domain import settings_cache
from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import ValidationError
from servicedesk.domain.permissions import registrar_scope, require_registrar
from servicedesk.domain.text import single_line
from servicedesk.domain.tickets import events
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Authority,
    AuthorityRegistrar,
    AuthorityUnit,
    Change,
    Problem,
    Role,
    Ticket,
    Unit,
    User,
    UserRole,
)
from servicedesk.models.records import AuthorityKind


def _mapping() -> dict[int, int]:
    rows = db.session.execute(select(AuthorityUnit.unit_id, AuthorityUnit.authority_id))
    return {unit_id: authority_id for unit_id, authority_id in rows}


def unit_authorities() -> dict[int, int]:
    """Every unit's authority (unit id -> authority id), following the unit tree up."""
    mapped = _mapping()
    parents = {row[0]: row[1] for row in db.session.execute(select(Unit.id, Unit.parent_id))}
    result: dict[int, int] = {}
    for unit_id in parents:
        seen, current = set(), unit_id
        while current is not None and current not in seen:
            if current in mapped:
                result[unit_id] = mapped[current]
                break
            seen.add(current)
            current = parents.get(current)
    return result


def authority_for_unit(unit_id: int | None) -> int | None:
    """The authority a unit files with (kept per process behind the settings token, so
    filing a case reads nothing more)."""
    if unit_id is None:
        return None
    return settings_cache.cached(("unit_authorities",), unit_authorities).get(unit_id)


def authority_for_ticket(ticket: Ticket) -> int | None:
    found = authority_for_unit(ticket.requester_unit_id)
    if found is None and ticket.queue is not None:
        found = authority_for_unit(ticket.queue.unit_id)
    return found


def authority_for_person(user: User | None) -> int | None:
    return authority_for_unit(user.unit_id) if user is not None else None


def on_ticket_filing(ticket: Ticket, **_kw) -> None:
    ticket.authority_id = authority_for_ticket(ticket)


def connect() -> None:
    events.ticket_filing.connect(on_ticket_filing)


def all_authorities(*, active_only: bool = False) -> list[Authority]:
    stmt = select(Authority).order_by(Authority.name)
    if active_only:
        stmt = stmt.where(Authority.active.is_(True))
    return list(db.session.scalars(stmt))


def kept_authorities(user: User) -> list[Authority]:
    """The authorities whose register `user` keeps (every one for an admin)."""
    scope = registrar_scope(user)
    return [a for a in all_authorities() if scope is None or a.id in scope]


def _registrar_candidates(user_ids: list[int]) -> list[User]:
    """Registrars are staff (agents, managers or admins) who are active."""
    if not user_ids:
        return []
    stmt = (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            User.id.in_(user_ids),
            User.active.is_(True),
            UserRole.role.in_((Role.AGENT.value, Role.MANAGER.value, Role.ADMIN.value)),
        )
        .distinct()
    )
    return list(db.session.scalars(stmt))


def save_authority(
    actor: User,
    authority: Authority | None,
    *,
    name: str,
    short_name: str = "",
    kind: str = AuthorityKind.COMMITTEE,
    archive_code: str = "",
    unit_ids: list[int] = (),
    registrar_ids: list[int] = (),
    active: bool = True,
    now: datetime,
) -> Authority:
    """Create or edit an authority with its units and registrars (admins only). Records
    filed before their unit had an authority get one with `back_fill_records`, once every
    unit is mapped (a record keeps the authority it has)."""
    if not actor.has_role(Role.ADMIN):
        from servicedesk.domain.errors import PermissionDenied

        raise PermissionDenied(_l("Only administrators keep the authorities."))
    name = single_line(name or "")
    if not name:
        raise ValidationError(_l("This field is required."), field="name")
    if len(name) > 200:
        raise ValidationError(_l("At most %(n)s characters.", n=200), field="name")
    if kind not in AuthorityKind.__members__.values():
        raise ValidationError(_l("Choose a committee or a company."), field="kind")
    clash = db.session.scalar(select(Authority).where(Authority.name == name))
    if clash is not None and clash is not authority:
        raise ValidationError(_l("Another authority already has this name."), field="name")
    unit_ids = sorted(set(unit_ids))
    taken = db.session.execute(
        select(Unit.name)
        .join(AuthorityUnit, AuthorityUnit.unit_id == Unit.id)
        .where(
            AuthorityUnit.unit_id.in_(unit_ids),
            AuthorityUnit.authority_id != (authority.id if authority is not None else -1),
        )
    ).scalars()
    taken = list(taken)
    if taken:
        raise ValidationError(
            _l("Already belongs to another authority: %(units)s", units=", ".join(taken)),
            field="units",
        )
    registrars = _registrar_candidates(sorted(set(registrar_ids)))
    if len(registrars) != len(set(registrar_ids)):
        raise ValidationError(
            _l("Registrars must be active agents, managers or administrators."),
            field="registrars",
        )
    created = authority is None
    if created:
        authority = Authority(created_at=now)
        db.session.add(authority)
    before = _describe(authority) if not created else None
    authority.name = name
    authority.short_name = single_line(short_name or "")[:40]
    authority.kind = str(kind)
    authority.archive_code = single_line(archive_code or "")[:60]
    authority.active = bool(active)
    db.session.flush()
    # Row by row through the ORM: a change of the mapping renews the settings token.
    kept = select(AuthorityUnit).where(AuthorityUnit.authority_id == authority.id)
    for row in db.session.scalars(kept).all():
        db.session.delete(row)
    named = select(AuthorityRegistrar).where(AuthorityRegistrar.authority_id == authority.id)
    for row in db.session.scalars(named).all():
        db.session.delete(row)
    db.session.flush()
    for unit_id in unit_ids:
        db.session.add(AuthorityUnit(authority_id=authority.id, unit_id=unit_id))
    for registrar in registrars:
        db.session.add(AuthorityRegistrar(authority_id=authority.id, user_id=registrar.id))
    db.session.flush()
    db.session.expire(authority, ["units", "registrars"])
    record_audit(
        actor,
        "authority_created" if created else "authority_changed",
        authority,
        old=before,
        new=_describe(authority),
        now=now,
    )
    db.session.flush()
    return authority


def _describe(authority: Authority) -> str:
    units = ", ".join(u.name for u in authority.units)
    registrars = ", ".join(u.email for u in authority.registrars)
    return f"{authority.name} ({authority.kind}); units: {units}; registrars: {registrars}"


def back_fill_records(actor: User, *, now: datetime) -> int:
    """Give every record without an authority the one its owning unit has now (admins);
    audited with the count."""
    if not actor.has_role(Role.ADMIN):
        from servicedesk.domain.errors import PermissionDenied

        raise PermissionDenied(_l("Only administrators keep the authorities."))
    count = back_fill()
    record_audit(actor, "records_back_filled", actor, new=str(count), label="authority_id", now=now)
    db.session.flush()
    return count


def back_fill() -> int:
    """Give the records without an authority the one their owning unit now has; returns
    how many were given one. Records that have one keep it (moves are explicit)."""
    by_authority: dict[int, list[int]] = {}
    for unit_id, authority_id in unit_authorities().items():
        by_authority.setdefault(authority_id, []).append(unit_id)
    total = 0
    for authority_id, unit_ids in by_authority.items():
        people = select(User.id).where(User.unit_id.in_(unit_ids))
        for stmt in (
            update(Ticket).where(
                Ticket.authority_id.is_(None), Ticket.requester_unit_id.in_(unit_ids)
            ),
            update(Change).where(Change.authority_id.is_(None), Change.requester_id.in_(people)),
            update(Problem).where(
                Problem.authority_id.is_(None), Problem.created_by_id.in_(people)
            ),
        ):
            result = db.session.execute(
                stmt.values(authority_id=authority_id).execution_options(synchronize_session=False)
            )
            total += result.rowcount or 0
    return total


def move_ticket(
    actor: User, ticket: Ticket, authority: Authority, *, reason: str, now: datetime
) -> None:
    """Move a ticket to another authority (a registrar of either, or an admin): the old one
    stays in the ticket's history and in the audit log."""
    from servicedesk.domain.tickets.lifecycle import record_history, take_ticket

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_l("Say why the record moves."), field="reason")
    if authority.id == ticket.authority_id:
        raise ValidationError(
            _l("The record already belongs to that authority."), field="authority"
        )
    if ticket.authority_id is not None:
        require_registrar(actor, ticket.authority_id)
    else:
        require_registrar(actor, authority.id)
    take_ticket(ticket)
    old = db.session.get(Authority, ticket.authority_id) if ticket.authority_id else None
    ticket.authority_id = authority.id
    record_history(
        ticket, actor, "authority", old.name if old else None, authority.name, now=now, note=reason
    )
    record_audit(
        actor,
        "record_authority_moved",
        ticket,
        old=old.name if old else None,
        new=authority.name,
        label=ticket.reference,
        now=now,
    )
    db.session.flush()
