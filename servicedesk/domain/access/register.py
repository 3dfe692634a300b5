"""The access register: who holds which role in which service, from when to when, granted
by which request and decision, and when and why it ended.

Revocation is asked for like access (a BEH ticket of kind revoke; taking access away needs
no approval) and happens by itself when someone leaves (their account is deactivated:
a revoke task for every active grant, in the same unit of work) or a grant passes its end
date. The systemförvaltare is warned once ahead of a grant's end.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.access import cases, notify, tasks
from servicedesk.domain.access.requests import may_request_for
from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import required_text
from servicedesk.domain.errors import InvalidTransition, PermissionDenied
from servicedesk.domain.identity.users import account_arrived, normalise_email
from servicedesk.domain.permissions import access_grant_visibility
from servicedesk.infra.extensions import db
from servicedesk.models import (
    AccessGrant,
    AccessRequest,
    AccessService,
    AccessTask,
    Channel,
    Role,
    User,
)
from servicedesk.models.access import RequestKind, RequestState, TaskReason


def visible_grants(
    actor: User,
    *,
    person_id: int | None = None,
    service_id: int | None = None,
    active: bool | None = True,
):
    """A statement of the register lines `actor` may see."""
    stmt = select(AccessGrant).where(access_grant_visibility(actor))
    if person_id:
        stmt = stmt.where(AccessGrant.person_id == person_id)
    if service_id:
        stmt = stmt.where(AccessGrant.service_id == service_id)
    if active is True:
        stmt = stmt.where(AccessGrant.revoked_at.is_(None))
    elif active is False:
        stmt = stmt.where(AccessGrant.revoked_at.is_not(None))
    return stmt.order_by(AccessGrant.person_name, AccessGrant.id)


def record_export(actor: User, count: int, *, filters: bytes | str, now: datetime) -> None:
    """An export of the register is audited: who, when, with which filters, how many."""
    shown = filters.decode("utf-8", "replace") if isinstance(filters, bytes) else filters
    record_audit(actor, "access_register_exported", actor, new=str(count), label=shown, now=now)


def get_visible_grant(actor: User, grant_id: int | None) -> AccessGrant:
    condition = access_grant_visibility(actor)
    return cases.visible_one(AccessGrant.id, grant_id, condition, _l("No such access."))


def request_revocation(
    actor: User, grant: AccessGrant, *, reason: str, channel: str = Channel.PORTAL, now: datetime
) -> AccessRequest:
    """Ask for a grant to be taken away: the person, their manager, the service's
    systemförvaltare or deputy, or an admin. The revoke task opens at once."""
    service = grant.service
    allowed = (
        may_request_for(actor, grant.person)
        if grant.person is not None
        else actor.has_role(Role.ADMIN)
    ) or actor.id in (service.administrator_id, service.deputy_id)
    if not allowed:
        raise PermissionDenied(
            _l("You may not ask for this access to be removed."), code="not_your_unit"
        )
    if grant.revoked_at is not None:
        raise InvalidTransition(_l("This access has ended already."), code="grant_ended")
    if tasks.has_open_revoke_task(grant):
        raise InvalidTransition(_l("Removal of this access is under way."), code="removal_open")
    reason = required_text(reason, "reason", max_len=5_000)
    title = _(
        "Remove access: %(role)s in %(service)s for %(person)s",
        role=grant.role.name_sv,
        service=service.name_sv,
        person=grant.person_name,
    )
    request = cases.open_case(
        actor,
        service,
        title=title,
        reason=reason,
        channel=channel,
        now=now,
        kind=RequestKind.REVOKE,
        state=RequestState.APPROVED,
        role_id=grant.role_id,
        person_id=grant.person_id,
        person_name=grant.person_name,
        person_email=grant.person_email,
        unit_id=grant.person.unit_id if grant.person else actor.unit_id,
        valid_from=cases.today(now),
        chain="",
    )
    record_audit(
        actor,
        "access_revocation_requested",
        grant,
        new=reason,
        label=f"{request.reference} {grant.person_name}",
        now=now,
    )
    tasks.open_revoke_task(
        grant, reason=TaskReason.REQUEST, note=reason, request=request, actor=actor, now=now
    )
    return request


def revoke_on_departure(person: User, actor: User | None, *, now: datetime) -> list[AccessTask]:
    """The person left (their account was deactivated): a revoke task for each active
    grant, in the caller's unit of work."""
    grants = db.session.scalars(
        select(AccessGrant).where(
            AccessGrant.person_id == person.id, AccessGrant.revoked_at.is_(None)
        )
    ).all()
    found = []
    for grant in grants:
        found.append(
            tasks.open_revoke_task(
                grant,
                reason=TaskReason.DEPARTURE,
                note=_("%(name)s has left.", name=person.name),
                actor=actor,
                now=now,
            )
        )
        record_audit(
            actor,
            "access_revocation_requested",
            grant,
            new=TaskReason.DEPARTURE.value,
            label=f"{grant.person_name} ({grant.service.name_sv})",
            now=now,
        )
    return found


# --- Someone not yet started gets their account ------------------------------------------


def link_to_account(person: User, *, actor: User | None, now: datetime) -> int:
    """Requests and grants made by e-mail for someone who had no account yet now name the
    account with that e-mail (when it is created, or on its first sign-in after), so the
    register, reviews and revocation on departure find them. Each link is audited."""
    email = normalise_email(person.email)
    linked = 0
    for model in (AccessRequest, AccessGrant):
        rows = db.session.scalars(
            select(model).where(model.person_id.is_(None), model.person_email == email)
        ).all()
        for row in rows:
            row.person_id = person.id
            record_audit(
                actor,
                "access_person_linked",
                row,
                new=person.email,
                label=f"{row.person_name} ({row.service.name_sv})",
                now=now,
            )
            linked += 1
    if linked:
        db.session.flush()
    return linked


def on_account_arrived(person: User, *, actor: User | None, now: datetime, **_kwargs) -> None:
    link_to_account(person, actor=actor, now=now)


def connect() -> None:
    account_arrived.connect(on_account_arrived)


# --- Scheduled: warn ahead of the end date, expire after it ------------------------------


def warn_expiring(*, now: datetime) -> int:
    """Tell the systemförvaltare, once per grant, of grants ending within the service's
    warning period."""
    day = cases.today(now)
    rows = db.session.execute(
        select(AccessGrant, AccessService.expiry_warning_days)
        .join(AccessService, AccessService.service_id == AccessGrant.service_id)
        .where(
            AccessGrant.revoked_at.is_(None),
            AccessGrant.expiry_warned_at.is_(None),
            AccessGrant.valid_to.is_not(None),
            AccessGrant.valid_to >= day,
        )
    ).all()
    warned = 0
    for grant, days in rows:
        if grant.valid_to > day + timedelta(days=days):
            continue
        grant.expiry_warned_at = now
        notify.notify(
            grant.service.administrator,
            key=f"access:grant:{grant.id}:expiring",
            kind="access_expiring",
            subject=lambda g=grant: _(
                "Access ends %(day)s: %(person)s in %(service)s",
                day=g.valid_to.isoformat(),
                person=g.person_name,
                service=g.service.name_sv,
            ),
            lines=lambda g=grant: [
                _(
                    "%(person)s's role %(role)s ends on %(day)s. Ask for an extension if it is still needed.",
                    person=g.person_name,
                    role=g.role.name_sv,
                    day=g.valid_to.isoformat(),
                )
            ],
            path=f"/access/register?service={grant.service_id}",
            now=now,
        )
        warned += 1
    db.session.flush()
    return warned


def expire_grants(*, now: datetime) -> int:
    """Grants past their end date get a revoke task (once; the grant ends when the task is
    done, until then the report lists it as past its end date)."""
    day = cases.today(now)
    grants = db.session.scalars(
        select(AccessGrant).where(
            AccessGrant.revoked_at.is_(None),
            AccessGrant.valid_to.is_not(None),
            AccessGrant.valid_to < day,
        )
    ).all()
    opened = 0
    for grant in grants:
        if tasks.has_open_revoke_task(grant):
            continue
        tasks.open_revoke_task(
            grant,
            reason=TaskReason.EXPIRY,
            note=_("Ended %(day)s.", day=grant.valid_to.isoformat()),
            now=now,
        )
        record_audit(
            None,
            "access_expired",
            grant,
            new=grant.valid_to.isoformat(),
            label=f"{grant.person_name} ({grant.service.name_sv})",
            now=now,
        )
        opened += 1
    db.session.flush()
    return opened
