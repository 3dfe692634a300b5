"""GDPR for one person (data subject): the export of everything the desk holds about them
(art. 15) and anonymisation once their records' retention has passed.

The export is built from providers, one per kind of data; an area that holds personal data
of its own (access grants and decisions, for one) adds a provider with
`register_provider`, and the export lists it with the rest. Erasure does not override the
archive rules: only anonymisation of the person, and only when every record they filed is
thinned or past its retention, with no legal hold on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.records.retention import (
    TICKET_KINDS,
    hold_is_active,
    is_thinned,
    years_before,
)
from servicedesk.domain.records.secrecy import active_marks
from servicedesk.infra.extensions import db
from servicedesk.models import (
    AuditLog,
    Change,
    Comment,
    LegalHold,
    Problem,
    RetentionRule,
    Role,
    Ticket,
    User,
)
from servicedesk.models.ticket import Status


@dataclass(frozen=True)
class Provider:
    key: str
    title: object  # a lazy string, shown in the summary
    collect: Callable[[User], list[dict]]


PROVIDERS: list[Provider] = []


def register_provider(key: str, title, collect: Callable[[User], list[dict]]) -> None:
    """Add a kind of personal data to the export (idempotent per key)."""
    if any(p.key == key for p in PROVIDERS):
        return
    PROVIDERS.append(Provider(key, title, collect))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _tickets(person: User) -> list[dict]:
    """Cases they filed, that were filed for them or by them, or that name them (their
    name or e-mail address in the subject or description)."""
    named = [Ticket.title.contains(person.email), Ticket.description.contains(person.email)]
    if len(person.name) >= 5:
        named += [Ticket.title.contains(person.name), Ticket.description.contains(person.name)]
    stmt = (
        select(Ticket)
        .where(
            or_(
                Ticket.requester_id == person.id,
                Ticket.created_by_id == person.id,
                Ticket.assignee_id == person.id,
                *named,
            )
        )
        .order_by(Ticket.id)
    )
    tickets = list(db.session.scalars(stmt))
    marks = active_marks([t.id for t in tickets])
    rows = []
    for t in tickets:
        roles = [
            role
            for role, flag in (
                ("requester", t.requester_id == person.id),
                ("filed_by", t.created_by_id == person.id),
                ("assignee", t.assignee_id == person.id),
            )
            if flag
        ] or ["named"]
        rows.append(
            {
                "reference": t.reference,
                "roles": roles,
                "title": t.title,
                "description": t.description,
                "status": t.status,
                "created_at": _iso(t.created_at),
                "closed_at": _iso(t.closed_at),
                "thinned": is_thinned("ticket", t.id),
                "secrecy": [f"OSL {m.provision.code}" for m in marks.get(t.id, [])],
            }
        )
    return rows


def _comments(person: User) -> list[dict]:
    stmt = (
        select(Comment, Ticket)
        .join(Ticket, Ticket.id == Comment.ticket_id)
        .where(Comment.author_id == person.id)
        .order_by(Comment.created_at, Comment.id)
    )
    return [
        {
            "ticket": t.reference,
            "at": _iso(c.created_at),
            "internal": c.internal,
            "body": c.body,
        }
        for c, t in db.session.execute(stmt)
    ]


def _records_of(person: User, model, people: tuple, state: str) -> list[dict]:
    """Changes or problems the person asked for, created or owns (`people`: those
    columns), with the record's `state` column as its status."""
    stmt = select(model).where(or_(*(column == person.id for column in people)))
    return [
        {
            "reference": r.reference,
            "title": r.title,
            state: getattr(r, state),
            "created_at": _iso(r.created_at),
        }
        for r in db.session.scalars(stmt.order_by(model.id))
    ]


def _changes(person: User) -> list[dict]:
    return _records_of(person, Change, (Change.requester_id, Change.owner_id), "state")


def _problems(person: User) -> list[dict]:
    return _records_of(person, Problem, (Problem.created_by_id, Problem.owner_id), "status")


def _audit(person: User) -> list[dict]:
    stmt = (
        select(AuditLog)
        .where(
            or_(
                AuditLog.actor_id == person.id,
                (AuditLog.object_type == "User") & (AuditLog.object_id == person.id),
            )
        )
        .order_by(AuditLog.at, AuditLog.id)
    )
    return [
        {
            "at": _iso(e.at),
            "action": e.action,
            "by_them": e.actor_id == person.id,
            "object": e.object_label,
            "old": e.old_value,
            "new": e.new_value,
        }
        for e in db.session.scalars(stmt)
    ]


def _holds(person: User) -> list[dict]:
    stmt = select(LegalHold).where(LegalHold.user_id == person.id).order_by(LegalHold.id)
    return [
        {
            "reason": h.reason,
            "placed_at": _iso(h.placed_at),
            "until": h.until.isoformat() if h.until else None,
            "lifted_at": _iso(h.lifted_at),
        }
        for h in db.session.scalars(stmt)
    ]


def _access(person: User) -> list[dict]:
    """Access asked for them or by them, each approver's decision, and what was granted."""
    from servicedesk.models.access import AccessGrant, AccessRequest

    requests = db.session.scalars(
        select(AccessRequest)
        .where(
            or_(
                AccessRequest.person_id == person.id,
                AccessRequest.person_email == person.email,
            )
        )
        .order_by(AccessRequest.id)
    )
    rows = [
        {
            "request": r.reference,
            "service": r.service.name_sv,
            "role": r.role.name_sv,
            "state": r.state,
            "reason": r.reason,
            "valid_from": r.valid_from.isoformat(),
            "valid_to": r.valid_to.isoformat() if r.valid_to else None,
            "decisions": [
                {
                    "step": d.step_kind,
                    "decision": d.decision,
                    "reason": d.reason,
                    "by": d.approver.email if d.approver else None,
                    "at": _iso(d.decided_at),
                }
                for d in r.decisions
            ],
        }
        for r in requests
    ]
    grants = db.session.scalars(
        select(AccessGrant).where(AccessGrant.person_id == person.id).order_by(AccessGrant.id)
    )
    rows += [
        {
            "grant": g.id,
            "service": g.service.name_sv,
            "role": g.role.name_sv,
            "valid_from": g.valid_from.isoformat(),
            "valid_to": g.valid_to.isoformat() if g.valid_to else None,
            "granted_at": _iso(g.granted_at),
            "revoked_at": _iso(g.revoked_at),
            "revoke_reason": g.revoke_reason,
        }
        for g in grants
    ]
    return rows


register_provider("tickets", _l("Cases"), _tickets)
register_provider("access", _l("Access requests and grants"), _access)
register_provider("comments", _l("Comments written"), _comments)
register_provider("changes", _l("Changes"), _changes)
register_provider("problems", _l("Problems"), _problems)
register_provider("legal_holds", _l("Legal holds on the person"), _holds)
register_provider("audit", _l("Audit log entries"), _audit)


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise PermissionDenied(_l("Only administrators handle personal data requests."))


def find_person(email: str) -> User:
    person = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if person is None:
        raise ValidationError(_l("Nobody has that e-mail address."), field="person")
    return person


def export_person(actor: User, person: User, *, now: datetime) -> dict:
    """Everything about `person`, as JSON-ready data; recorded in the audit log."""
    _require_admin(actor)
    sections = {p.key: p.collect(person) for p in PROVIDERS}
    data = {
        "person": {
            "id": person.id,
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "employee_number": person.employee_number,
            "unit": person.unit.name if person.unit else None,
            "roles": sorted(person.roles),
            "created_at": _iso(person.created_at),
            "active": person.active,
        },
        "produced_at": now.isoformat(),
        "produced_by": actor.email,
        "sections": sections,
    }
    record_audit(
        actor,
        "gdpr_export",
        person,
        new=", ".join(f"{k}={len(v)}" for k, v in sections.items()),
        now=now,
    )
    db.session.flush()
    return data


def section_titles() -> dict[str, object]:
    return {p.key: p.title for p in PROVIDERS}


def blocking_records(person: User, *, now: datetime) -> list[str]:
    """The references of records the person filed whose retention has not passed (open,
    without a rule, or within their rule's years), and a standing hold on them."""
    if db.session.scalar(
        select(LegalHold.id).where(LegalHold.user_id == person.id, hold_is_active(now)).limit(1)
    ):
        return [str(_l("a legal hold on the person"))]
    rules = {
        (r.authority_id, r.record_kind): r
        for r in db.session.scalars(select(RetentionRule).where(RetentionRule.active.is_(True)))
    }
    kind_of_type = {t: kind for kind, types in TICKET_KINDS.items() for t in types}
    blocking = []
    for ticket in db.session.scalars(
        select(Ticket).where(Ticket.requester_id == person.id).order_by(Ticket.id)
    ):
        if is_thinned("ticket", ticket.id):
            continue
        rule = rules.get((ticket.authority_id, kind_of_type.get(ticket.type)))
        passed = (
            rule is not None
            and ticket.status == Status.CLOSED
            and ticket.closed_at is not None
            and ticket.closed_at <= years_before(now, rule.years)
        )
        if not passed:
            blocking.append(ticket.reference)
    return blocking


def anonymise_person(actor: User, person: User, *, now: datetime) -> None:
    """Replace the person's name and contact details; their records keep the link, so
    counts stay right. Refused while any of their records is within retention."""
    _require_admin(actor)
    if person.id == actor.id:
        raise ValidationError(_l("You cannot anonymise yourself."), field="person")
    blocking = blocking_records(person, now=now)
    if blocking:
        raise ValidationError(
            _l(
                "Retention has not passed for: %(refs)s",
                refs=", ".join(blocking[:10]) + (" …" if len(blocking) > 10 else ""),
            ),
            field="person",
        )
    person.name = f"Anonymiserad person {person.id}"
    person.email = f"anonymised-{person.id}@anonymised.invalid"
    person.phone = ""
    person.employee_number = None
    person.password_hash = None
    person.active = False
    person.session_version = (person.session_version or 0) + 1
    record_audit(actor, "person_anonymised", person, label=f"user:{person.id}", now=now)
    db.session.flush()
