"""Approval rounds, the CAB group and the post-implementation review of changes.

Who approves (docs/changes.md):
- normal: the owner of every affected service (its systemförvaltare, or the deputy when
  the service has no systemförvaltare), plus every CAB member when the risk is high or
  very high; all must approve, any rejection rejects.
- emergency: every CAB member and admin is asked; one approval is enough.
- standard: pre-approved, no round.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from servicedesk.domain.changes.state import (
    HIGH_RISK,
    S,
    is_admin,
    is_cab_member,
    record,
    require_owner,
    require_staff,
    risk_level,
    set_state,
)
from servicedesk.domain.errors import InvalidTransition, PermissionDenied, ValidationError
from servicedesk.domain.mail.outbox import Mail, enqueue_mail
from servicedesk.domain.permissions import can_view_change
from servicedesk.infra.extensions import db
from servicedesk.models import (
    ApprovalRole,
    CabMember,
    Change,
    ChangeApproval,
    ChangeKind,
    ChangeReview,
    ChangeReviewIncident,
    Decision,
    OutboxMessage,
    ReviewOutcome,
    Role,
    Ticket,
    User,
    UserRole,
)


def _parties(change: Change) -> set[int]:
    """Who asked for or carries out the change: separation of duties keeps them from
    approving it (docs/changes.md)."""
    return {i for i in (change.requester_id, change.owner_id) if i is not None}


def may_approve(change: Change, person: User) -> bool:
    """Neither a party to the change nor someone who may not see it."""
    return person.id not in _parties(change) and can_view_change(person, change)


def service_owner(service, change: Change | None = None) -> User | None:
    """The person who approves for a service: its systemförvaltare, else the deputy (also
    when the systemförvaltare is a party to `change` and so may not approve it)."""
    for candidate in (service.administrator, service.deputy):
        if candidate is None or not candidate.active:
            continue
        if change is None or may_approve(change, candidate):
            return candidate
    return None


def cab_members() -> list[User]:
    stmt = select(User).join(CabMember, CabMember.user_id == User.id).where(User.active)
    return list(db.session.scalars(stmt.order_by(User.name)))


def _admins() -> list[User]:
    stmt = select(User).join(UserRole, UserRole.user_id == User.id)
    return list(db.session.scalars(stmt.where(UserRole.role == Role.ADMIN, User.active)))


def required_approvers(change: Change) -> list[tuple[User, ApprovalRole]]:
    """Who must decide on this change, each once, with the role they decide in; never its
    requester or owner, never someone who may not see it."""
    found: dict[int, tuple[User, ApprovalRole]] = {}
    if change.kind == ChangeKind.EMERGENCY:
        for person in cab_members() + _admins():
            if may_approve(change, person):
                found.setdefault(person.id, (person, ApprovalRole.EMERGENCY))
        return list(found.values())
    owners = [service_owner(service, change) for service in change.services]
    for owner in owners:
        if owner is not None:
            found.setdefault(owner.id, (owner, ApprovalRole.SERVICE_OWNER))
    ownerless = any(owner is None for owner in owners)
    if risk_level(change.risk_likelihood, change.risk_impact) in HIGH_RISK or ownerless:
        for person in cab_members():
            if may_approve(change, person):
                found.setdefault(person.id, (person, ApprovalRole.CAB))
    return list(found.values())


def request_approval(change: Change, actor: User, *, now: datetime) -> list[ChangeApproval]:
    """Open the approval round (or approve a standard change outright) and mail approvers."""
    require_owner(change, actor)
    if change.kind == ChangeKind.STANDARD:
        set_state(change, actor, S.APPROVED, now=now)
        record(change, actor, "approval", None, ChangeKind.STANDARD.value, now=now)
        return []
    approvers = required_approvers(change)
    if not approvers:
        raise ValidationError(
            _l(
                "Nobody can approve this change: its services have no owner other than its "
                "requester or owner, and there is no CAB member who may."
            )
        )
    set_state(change, actor, S.AWAITING_APPROVAL, now=now)
    for previous in list(change.approvals):  # a reworked change starts a fresh round
        db.session.delete(previous)
    db.session.flush()
    rows = []
    for person, role in approvers:
        row = ChangeApproval(
            change_id=change.id, approver_id=person.id, role=role.value, requested_at=now
        )
        db.session.add(row)
        rows.append(row)
        record(change, actor, "approver", None, f"{person.name} ({role.value})", now=now)
    db.session.flush()
    db.session.expire(change, ["approvals"])
    for row in rows:
        _mail_approver(change, row, now=now)
    return rows


def _mail_approver(change: Change, approval: ChangeApproval, *, now: datetime) -> None:
    """The approval request, in the approver's language, once per round and approver."""
    person = approval.approver
    base = current_app.config.get("BASE_URL", "").rstrip("/")
    link = f"{base}/changes/{change.id}"
    with force_locale(person.locale or "sv"):
        context = {
            "change": change,
            "approver": person,
            "link": link,
            "risk": risk_level(change.risk_likelihood, change.risk_impact),
        }
        subject = _(
            "Approval requested: %(ref)s %(title)s", ref=change.reference, title=change.title
        )
        text = render_template("email/change_approval.txt", **context)
        html = render_template("email/change_approval.html", **context)
    enqueue_mail(
        Mail(
            key=_mail_key(change, person, now),
            kind="change_approval",
            to_address=person.email,
            recipient_id=person.id,
            subject=subject.replace("\n", " "),
            body_text=text,
            body_html=html,
        ),
        now=now,
    )


def _mail_key(change: Change, person: User, now: datetime) -> str:
    """change:<id>:approval:<user>; a change reworked after rejection asks again, so a later
    round gets its own key (suffixed with the round's time)."""
    key = f"change:{change.id}:approval:{person.id}"
    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is None:
        return key
    return f"{key}:{now:%Y%m%dT%H%M%S}"


def pending_approval_for(change: Change, user: User) -> ChangeApproval | None:
    for approval in change.approvals:
        if approval.approver_id == user.id and approval.decision == Decision.PENDING:
            return approval
    return None


def decide(
    change: Change, actor: User, decision: str, *, comment: str = "", now: datetime
) -> ChangeApproval:
    """Record one approver's decision; any rejection rejects, all approvals approve
    (for an emergency change one authorised approval is enough)."""
    if change.state != S.AWAITING_APPROVAL:
        raise InvalidTransition(_l("This change is not waiting for approval."))
    if actor.id in _parties(change):
        raise PermissionDenied(
            _l("You asked for or carry out this change, so someone else must approve it."),
            code="separation_of_duties",
        )
    approval = pending_approval_for(change, actor)
    if approval is None:
        raise PermissionDenied(_l("You are not a pending approver of this change."))
    decision = Decision(decision)
    if decision == Decision.PENDING:
        raise ValidationError(_l("Choose approve or reject."), field="decision")
    comment = (comment or "").strip()
    if decision == Decision.REJECTED and not comment:
        raise ValidationError(_l("Say why the change is rejected."), field="comment")
    approval.decision = decision.value
    approval.comment = comment
    approval.decided_at = now
    # Touch the change so its version moves: two approvers deciding at the same moment
    # cannot both miss each other's decision (the second gets a stale-version error).
    change.updated_at = now
    flag_modified(change, "updated_at")
    record(change, actor, "approval", None, f"{decision.value}: {comment}".strip(": "), now=now)
    db.session.flush()
    if decision == Decision.REJECTED:
        set_state(change, actor, S.REJECTED, now=now)
    elif _round_complete(change, actor):
        set_state(change, actor, S.APPROVED, now=now)
    return approval


def _round_complete(change: Change, actor: User) -> bool:
    if change.kind == ChangeKind.EMERGENCY:
        return is_admin(actor) or is_cab_member(actor)
    return all(a.decision == Decision.APPROVED for a in change.approvals)


def record_review(
    change: Change,
    actor: User,
    *,
    outcome: str,
    notes: str,
    incidents: list[Ticket] = (),
    now: datetime,
) -> ChangeReview:
    """The post-implementation review, once, after the change is implemented."""
    require_staff(actor)
    if not is_cab_member(actor):
        require_owner(change, actor)
    if change.state not in (S.IMPLEMENTED, S.UNDER_REVIEW):
        raise InvalidTransition(_l("A change is reviewed after it is implemented."))
    if db.session.scalar(select(ChangeReview.id).where(ChangeReview.change_id == change.id)):
        raise ValidationError(_l("This change has been reviewed already."))
    review = ChangeReview(
        change_id=change.id,
        reviewer_id=actor.id,
        outcome=ReviewOutcome(outcome).value,
        notes=(notes or "").strip(),
        created_at=now,
    )
    db.session.add(review)
    db.session.flush()
    for ticket in {t.id: t for t in incidents}.values():
        db.session.add(ChangeReviewIncident(review_id=review.id, ticket_id=ticket.id))
    record(change, actor, "review", None, review.outcome, now=now)
    if change.state == S.IMPLEMENTED:
        set_state(change, actor, S.UNDER_REVIEW, now=now)
    db.session.flush()
    return review


def review_of(change: Change) -> ChangeReview | None:
    return db.session.scalar(select(ChangeReview).where(ChangeReview.change_id == change.id))


def set_cab_member(actor: User, member: User, *, on: bool) -> bool:
    """Admins keep the CAB group; returns whether anything changed."""
    if not is_admin(actor):
        raise PermissionDenied(_l("Only administrators keep the CAB group."))
    row = db.session.scalar(select(CabMember).where(CabMember.user_id == member.id))
    if on and row is None:
        if not member.is_staff:
            raise ValidationError(_l("Only staff can sit on the CAB."), field="email")
        db.session.add(CabMember(user_id=member.id))
    elif not on and row is not None:
        db.session.delete(row)
    else:
        return False
    db.session.flush()
    return True
