"""Retention (gallring) under the information management plan, and legal holds.

A rule says: records of this type at this authority are thinned N years after closing.
Thinning removes the content (description, solution, comments, files, typed notes) and
keeps what the register and the reports need: reference, dates, requester link, service,
classification, priority, status, closure code and SLA timers, so figures for the period
stay the same.

A run works in batches, one transaction per record: a run killed halfway leaves each record
wholly thinned or untouched, and the next run skips what is thinned. Each record's state
row names its run and rule; the run's thinning log entries are written from those rows, and
a run first writes the entries a killed run did not get to. A hold on the ticket, its
service or its requester stops thinning whatever the rule says.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, or_, select, update

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.permissions import is_registrar, require_registrar
from servicedesk.domain.records.state import state_of
from servicedesk.domain.reports.period import LOCAL
from servicedesk.domain.search.index import write_documents
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Attachment,
    Authority,
    Change,
    Comment,
    LegalHold,
    Problem,
    RecordState,
    RetentionRule,
    Role,
    Service,
    ThinningLog,
    Ticket,
    TicketHistory,
    User,
)
from servicedesk.models.change import ChangeState
from servicedesk.models.problem import ProblemStatus
from servicedesk.models.records import HoldTarget, RecordKind
from servicedesk.models.ticket import Status

# Ticket types per record kind (other areas add types: access, security).
TICKET_KINDS = {
    RecordKind.INCIDENT.value: ("incident",),
    RecordKind.REQUEST.value: ("service_request",),
    RecordKind.ACCESS.value: ("access",),
    RecordKind.SECURITY.value: ("security",),
}
CHANGE_TEXT = (
    "description",
    "reason",
    "expected_benefit",
    "implementation_plan",
    "backout_plan",
    "test_plan",
    "risk_text",
    "consequence",
    "communication_plan",
)
PROBLEM_TEXT = ("description", "root_cause", "workaround")
# History lines whose values are typed content, not classification.
CONTENT_FIELDS = ("attachment", "description", "solution")
BATCH = 100


def years_before(instant: datetime, years: int) -> datetime:
    try:
        return instant.replace(year=instant.year - years)
    except ValueError:  # 29 February
        return instant.replace(year=instant.year - years, day=28)


def local_today(now: datetime) -> date:
    return now.astimezone(LOCAL).date()


# --- rules ---------------------------------------------------------------------------------


def all_rules() -> list[RetentionRule]:
    stmt = (
        select(RetentionRule)
        .join(Authority, Authority.id == RetentionRule.authority_id)
        .order_by(Authority.name, RetentionRule.record_kind)
    )
    return list(db.session.scalars(stmt))


def save_rule(
    actor: User,
    rule: RetentionRule | None,
    *,
    authority: Authority | None,
    record_kind: str,
    years: int | None,
    decision_ref: str = "",
    active: bool = True,
    now: datetime,
) -> RetentionRule:
    if not actor.has_role(Role.ADMIN):
        raise PermissionDenied(_l("Only administrators keep the retention rules."))
    if authority is None:
        raise ValidationError(_l("Choose an authority."), field="authority")
    if record_kind not in RecordKind.__members__.values():
        raise ValidationError(_l("Choose a record type."), field="record_kind")
    if years is None or not 0 <= years <= 100:
        raise ValidationError(_l("Between 0 and 100 years."), field="years")
    clash = db.session.scalar(
        select(RetentionRule).where(
            RetentionRule.authority_id == authority.id, RetentionRule.record_kind == record_kind
        )
    )
    if clash is not None and clash is not rule:
        raise ValidationError(
            _l("The authority already has a rule for this record type."), field="record_kind"
        )
    old = None if rule is None else _describe(rule)
    if rule is None:
        rule = RetentionRule(created_at=now)
        db.session.add(rule)
    rule.authority_id = authority.id
    rule.record_kind = record_kind
    rule.years = years
    rule.decision_ref = (decision_ref or "").strip()[:100]
    rule.active = bool(active)
    db.session.flush()
    db.session.refresh(rule)
    record_audit(
        actor,
        "retention_rule_saved",
        rule,
        old=old,
        new=_describe(rule),
        label=_describe(rule),
        now=now,
    )
    return rule


def _describe(rule: RetentionRule) -> str:
    name = rule.authority.name if rule.authority else rule.authority_id
    # In no language (the audit log shows it as written): + active, − not.
    return f"{name}: {rule.record_kind} {rule.years} {rule.decision_ref} [{'+' if rule.active else '−'}]"


# --- legal holds ---------------------------------------------------------------------------


def hold_is_active(now: datetime):
    return and_(
        LegalHold.lifted_at.is_(None),
        or_(LegalHold.until.is_(None), LegalHold.until >= local_today(now)),
    )


def all_holds() -> list[LegalHold]:
    stmt = select(LegalHold).order_by(LegalHold.lifted_at.is_not(None), LegalHold.placed_at.desc())
    return list(db.session.scalars(stmt))


def hold_target(
    target: str, *, reference: str | None, service_id: int | None, email: str | None
) -> tuple[Ticket | None, Service | None, User | None]:
    """The ticket (by reference), service (by id) or person (by e-mail) a hold is to be on;
    a field error naming the one that is not found."""
    from servicedesk.models.ticket import parse_reference

    if target == "ticket":
        parsed = parse_reference(reference or "")
        ticket = db.session.get(Ticket, parsed[1]) if parsed else None
        if ticket is None or ticket.type != parsed[0]:
            raise ValidationError(_l("No ticket has that reference."), field="reference")
        return ticket, None, None
    if target == "service":
        service = db.session.get(Service, service_id) if service_id else None
        if service is None:
            raise ValidationError(_l("Choose a service."), field="service")
        return None, service, None
    if target == "person":
        found = (email or "").strip().lower()
        person = db.session.scalar(select(User).where(User.email == found)) if found else None
        if person is None:
            raise ValidationError(_l("Nobody has that e-mail address."), field="person")
        return None, None, person
    raise ValidationError(_l("Name the ticket, service or person the hold is on."), field="target")


def place_hold(
    actor: User,
    *,
    ticket: Ticket | None = None,
    service: Service | None = None,
    person: User | None = None,
    reason: str,
    until: date | None = None,
    now: datetime,
) -> LegalHold:
    """A hold on one ticket (a registrar of its authority), or on a service or a person
    (any registrar: it reaches every authority)."""
    reason = (reason or "").strip()
    targets = [t for t in (ticket, service, person) if t is not None]
    if len(targets) != 1:
        raise ValidationError(
            _l("Name the ticket, service or person the hold is on."), field="target"
        )
    if not reason:
        raise ValidationError(_l("Give the reason for the hold."), field="reason")
    if until is not None and until < local_today(now):
        raise ValidationError(_l("The date has passed."), field="until")
    if ticket is not None:
        require_registrar(actor, ticket.authority_id) if ticket.authority_id else require_registrar(
            actor
        )
    else:
        require_registrar(actor)
    hold = LegalHold(
        target=str(
            HoldTarget.TICKET if ticket else HoldTarget.SERVICE if service else HoldTarget.PERSON
        ),
        ticket_id=ticket.id if ticket else None,
        service_id=service.id if service else None,
        user_id=person.id if person else None,
        reason=reason,
        until=until,
        placed_by_id=actor.id,
        placed_at=now,
    )
    db.session.add(hold)
    db.session.flush()
    label = hold_label(hold, ticket, service, person)
    record_audit(
        actor, "legal_hold_placed", hold, new=f"{reason} until={until or '-'}", label=label, now=now
    )
    if ticket is not None:
        _ticket_history(ticket, actor, "legal_hold", None, reason, now=now)
    return hold


def _ticket_history(ticket, actor, field_name, old, new, *, now):
    from servicedesk.domain.tickets.lifecycle import record_history

    record_history(ticket, actor, field_name, old, new, now=now, internal=True)


def hold_label(hold: LegalHold, ticket=None, service=None, person=None) -> str:
    """What a hold is on, as people name it: a reference, a service, an e-mail address."""
    ticket = ticket or (db.session.get(Ticket, hold.ticket_id) if hold.ticket_id else None)
    service = service or (db.session.get(Service, hold.service_id) if hold.service_id else None)
    person = person or (db.session.get(User, hold.user_id) if hold.user_id else None)
    if ticket is not None:
        return ticket.reference
    if service is not None:
        return service.name_sv
    return person.email if person is not None else ""


def lift_hold(actor: User, hold: LegalHold, *, reason: str, now: datetime) -> None:
    reason = (reason or "").strip()
    if hold.lifted_at is not None:
        raise ValidationError(_l("The hold is already lifted."))
    if not reason:
        raise ValidationError(_l("Say why the hold is lifted."), field="reason")
    ticket = db.session.get(Ticket, hold.ticket_id) if hold.ticket_id else None
    if ticket is not None and ticket.authority_id:
        require_registrar(actor, ticket.authority_id)
    else:
        require_registrar(actor)
    hold.lifted_at = now
    hold.lifted_by_id = actor.id
    hold.lift_reason = reason
    record_audit(
        actor,
        "legal_hold_lifted",
        hold,
        old=hold.reason,
        new=reason,
        label=hold_label(hold),
        now=now,
    )
    if ticket is not None:
        _ticket_history(ticket, actor, "legal_hold", hold.reason, None, now=now)
    db.session.flush()


# --- what a rule would thin ------------------------------------------------------------------


def _not_thinned(record_type: str, id_column):
    return ~exists().where(
        RecordState.record_type == record_type,
        RecordState.record_id == id_column,
        RecordState.thinned_at.is_not(None),
    )


def _ticket_candidates(rule: RetentionRule, now: datetime):
    active = hold_is_active(now)
    held = exists().where(
        active,
        or_(
            LegalHold.ticket_id == Ticket.id,
            and_(LegalHold.service_id.is_not(None), LegalHold.service_id == Ticket.service_id),
            LegalHold.user_id == Ticket.requester_id,
        ),
    )
    return select(Ticket.id).where(
        Ticket.authority_id == rule.authority_id,
        Ticket.type.in_(TICKET_KINDS[rule.record_kind]),
        Ticket.status == Status.CLOSED.value,
        Ticket.closed_at <= years_before(now, rule.years),
        _not_thinned("ticket", Ticket.id),
        ~held,
    )


def _change_candidates(rule: RetentionRule, now: datetime):
    held = exists().where(hold_is_active(now), LegalHold.user_id == Change.requester_id)
    return select(Change.id).where(
        Change.authority_id == rule.authority_id,
        Change.state.in_((ChangeState.CLOSED.value, ChangeState.CANCELLED.value)),
        Change.closed_at <= years_before(now, rule.years),
        _not_thinned("change", Change.id),
        ~held,
    )


def _problem_candidates(rule: RetentionRule, now: datetime):
    held = exists().where(hold_is_active(now), LegalHold.user_id == Problem.created_by_id)
    return select(Problem.id).where(
        Problem.authority_id == rule.authority_id,
        Problem.status == ProblemStatus.CLOSED.value,
        Problem.closed_at <= years_before(now, rule.years),
        _not_thinned("problem", Problem.id),
        ~held,
    )


def _candidates(rule: RetentionRule, now: datetime):
    if rule.record_kind == RecordKind.CHANGE:
        return "change", Change, _change_candidates(rule, now)
    if rule.record_kind == RecordKind.PROBLEM:
        return "problem", Problem, _problem_candidates(rule, now)
    return "ticket", Ticket, _ticket_candidates(rule, now)


def _reference(record_type: str, record) -> str:
    return record.reference


# --- thinning ------------------------------------------------------------------------------


@dataclass
class RuleOutcome:
    rule: RetentionRule
    references: list[str] = field(default_factory=list)


@dataclass
class ThinningResult:
    dry_run: bool
    run_key: str
    outcomes: list[RuleOutcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(o.references) for o in self.outcomes)


def _active_rules() -> list[RetentionRule]:
    return [r for r in all_rules() if r.active]


def _thin_ticket(ticket: Ticket, rule: RetentionRule, *, now: datetime) -> list[str]:
    """Thin one ticket in the current transaction; returns the storage keys of its files
    (removed from disk once the transaction has committed)."""
    from servicedesk.domain.tickets.lifecycle import record_history, take_ticket

    take_ticket(ticket)
    ticket.description = ""
    ticket.solution = None if ticket.solution is None else ""
    ticket.route_reason = ""
    db.session.execute(
        update(Comment)
        .where(Comment.ticket_id == ticket.id)
        .values(body="", author_id=None)
        .execution_options(synchronize_session=False)
    )
    keys = list(
        db.session.scalars(select(Attachment.storage_key).where(Attachment.ticket_id == ticket.id))
    )
    db.session.execute(
        update(Attachment)
        .where(Attachment.ticket_id == ticket.id)
        .values(filename="", size=0, sha256="", uploaded_by_id=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(TicketHistory)
        .where(TicketHistory.ticket_id == ticket.id)
        .values(note="")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(TicketHistory)
        .where(TicketHistory.ticket_id == ticket.id, TicketHistory.field.in_(CONTENT_FIELDS))
        .values(old_value=None, new_value=None)
        .execution_options(synchronize_session=False)
    )
    record_history(ticket, None, "thinned", None, _describe(rule), now=now)
    # The comments were blanked past the ORM, so the search index would keep their words.
    db.session.flush()
    write_documents(db.session.connection(), "ticket", [ticket.id])
    return keys


def _thin_text(record, fields: tuple[str, ...]) -> None:
    for name in fields:
        setattr(record, name, "")


def _mark_thinned(record_type: str, record_id: int, rule: RetentionRule, run_key: str, now):
    state = state_of(record_type, record_id)
    state.thinned_at = now
    state.thinning_rule_id = rule.id
    state.thinning_run = run_key


def _thin_one(record_type: str, model, record_id: int, rule: RetentionRule, run_key: str, now):
    """One record in its own transaction; None when it no longer qualifies (thinned by a
    run alongside, held meanwhile)."""
    _, _, candidates = _candidates(rule, now)
    still = db.session.scalar(candidates.where(model.id == record_id))
    if still is None:
        db.session.rollback()
        return None, []
    record = db.session.get(model, record_id)
    keys: list[str] = []
    if record_type == "ticket":
        keys = _thin_ticket(record, rule, now=now)
    elif record_type == "change":
        _thin_text(record, CHANGE_TEXT)
    else:
        _thin_text(record, PROBLEM_TEXT)
    _mark_thinned(record_type, record_id, rule, run_key, now)
    reference = record.reference
    db.session.commit()
    return reference, keys


def write_pending_logs(actor: User | None, *, now: datetime) -> int:
    """Log entries for every (run, rule) whose thinned records have none yet (the current
    run's, and a killed run's). Returns how many entries were written."""
    logged = exists().where(
        ThinningLog.run_key == RecordState.thinning_run,
        ThinningLog.rule_id == RecordState.thinning_rule_id,
    )
    pending = db.session.execute(
        select(RecordState.thinning_run, RecordState.thinning_rule_id)
        .where(RecordState.thinned_at.is_not(None), RecordState.thinning_run.is_not(None), ~logged)
        .distinct()
    ).all()
    for run_key, rule_id in pending:
        rule = db.session.get(RetentionRule, rule_id)
        states = db.session.scalars(
            select(RecordState)
            .where(RecordState.thinning_run == run_key, RecordState.thinning_rule_id == rule_id)
            .order_by(RecordState.record_id)
        ).all()
        refs = [_state_reference(s) for s in states]
        db.session.add(
            ThinningLog(
                at=max(s.thinned_at for s in states),
                run_key=run_key,
                actor_id=actor.id if actor else None,
                rule_id=rule_id,
                authority_name=rule.authority.name,
                record_kind=rule.record_kind,
                years=rule.years,
                decision_ref=rule.decision_ref,
                count=len(refs),
                record_refs=refs,
            )
        )
        record_audit(
            actor,
            "records_thinned",
            rule,
            new=f"{len(refs)}: {', '.join(refs[:20])}{' …' if len(refs) > 20 else ''}",
            label=_describe(rule),
            now=now,
        )
    db.session.commit()
    return len(pending)


def _state_reference(state: RecordState) -> str:
    model = {"ticket": Ticket, "change": Change, "problem": Problem}[state.record_type]
    record = db.session.get(model, state.record_id)
    return record.reference if record is not None else f"{state.record_type}:{state.record_id}"


def require_may_thin(actor: User | None) -> None:
    """People start a run from the CLI or the thinning page: admins (the job runs as
    nobody)."""
    if actor is not None and not actor.has_role(Role.ADMIN):
        raise PermissionDenied(_l("Only administrators run thinning."))


def run_thinning(
    actor: User | None,
    *,
    now: datetime,
    dry_run: bool = False,
    batch_size: int = BATCH,
    limit: int | None = None,
    storage_dir: str | None = None,
    after_record: Callable[[str], None] | None = None,
) -> ThinningResult:
    """Thin (or with `dry_run`, list) what every active rule has reached. Commits per
    record; `limit` stops after that many (the job's share of one run)."""
    require_may_thin(actor)
    result = ThinningResult(dry_run=dry_run, run_key=uuid.uuid4().hex)
    if not dry_run:
        write_pending_logs(actor, now=now)
    done = 0
    for rule in _active_rules():
        outcome = RuleOutcome(rule)
        result.outcomes.append(outcome)
        record_type, model, candidates = _candidates(rule, now)
        if dry_run:
            ids = list(db.session.scalars(candidates.order_by(model.id)))
            outcome.references = [db.session.get(model, i).reference for i in ids]
            continue
        while limit is None or done < limit:
            size = batch_size if limit is None else min(batch_size, limit - done)
            ids = list(db.session.scalars(candidates.order_by(model.id).limit(size)))
            if not ids:
                break
            for record_id in ids:
                reference, keys = _thin_one(
                    record_type, model, record_id, rule, result.run_key, now
                )
                if reference is None:
                    continue
                _remove_files(storage_dir, keys)
                outcome.references.append(reference)
                done += 1
                if after_record is not None:
                    after_record(reference)
                if limit is not None and done >= limit:
                    break
    if not dry_run:
        write_pending_logs(actor, now=now)
    return result


def _remove_files(storage_dir: str | None, keys: list[str]) -> None:
    if not storage_dir:
        return
    for key in keys:
        Path(storage_dir, key).unlink(missing_ok=True)


def thinning_log(limit: int = 200) -> list[ThinningLog]:
    stmt = select(ThinningLog).order_by(ThinningLog.at.desc(), ThinningLog.id.desc()).limit(limit)
    return list(db.session.scalars(stmt))


def is_thinned(record_type: str, record_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(RecordState)
            .where(
                RecordState.record_type == record_type,
                RecordState.record_id == record_id,
                RecordState.thinned_at.is_not(None),
            )
        )
    )


def may_see_holds(user: User | None) -> bool:
    return is_registrar(user)
