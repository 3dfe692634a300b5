"""Fulfilment and revocation tasks of the service's queue, which write the register.

A granted request opens a grant task; completing it records the grant (valid from/to,
the request and the decision that granted it). A revocation (asked for, a departure, an
expired grant, a review's "revoke") opens a revoke task, one per grant at a time;
completing it ends the grant with the reason. Tasks are done by the service's queue, its
systemförvaltare or deputy, or an admin.

Each task opens with its desk ticket: a service request of the service, routed like any
of its cases, filed in the name of the systemförvaltare, so the queue's agents see it in
their queue list and claim, comment and resolve it as any case. Resolving the ticket
completes the task (`on_status_changed`); completing the task from the access pages
resolves its ticket. Either way `complete_task` is the one place, in one unit of work.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select

from servicedesk.domain.access import cases, notify
from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import optional_text
from servicedesk.domain.errors import InvalidTransition, PermissionDenied, ValidationError
from servicedesk.domain.mail import notifications
from servicedesk.domain.permissions import works_queue
from servicedesk.domain.tickets import events
from servicedesk.domain.tickets.lifecycle import create_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import (
    AccessGrant,
    AccessRequest,
    AccessTask,
    QueueMember,
    Role,
    Service,
    Status,
    Ticket,
    TicketType,
    User,
)
from servicedesk.models.access import RequestKind, RequestState, TaskReason, TaskState, Verdict

NOTE_MAX = 2_000


def _queue_for(service: Service):
    queue = cases.fulfilment_queue(service)
    if queue is None:
        raise ValidationError(
            _l("The system has no queue to carry out access tasks."), field="service"
        )
    return queue


def open_grant_task(
    request: AccessRequest, *, actor: User | None = None, now: datetime
) -> AccessTask:
    task = AccessTask(
        kind=RequestKind.GRANT,
        reason=TaskReason.REQUEST,
        state=TaskState.OPEN,
        service_id=request.service_id,
        queue_id=_queue_for(request.service).id,
        request_id=request.id,
        created_at=now,
    )
    db.session.add(task)
    db.session.flush()
    _open_ticket(task, actor, now=now)
    _tell_administrator(task, now=now)
    return task


def open_revoke_task(
    grant: AccessGrant,
    *,
    reason: TaskReason,
    note: str = "",
    request: AccessRequest | None = None,
    actor: User | None = None,
    now: datetime,
) -> AccessTask:
    """The grant's open revoke task, or a new one (never two at once)."""
    existing = db.session.scalar(
        select(AccessTask).where(
            AccessTask.grant_id == grant.id,
            AccessTask.kind == RequestKind.REVOKE,
            AccessTask.state == TaskState.OPEN,
        )
    )
    if existing is not None:
        return existing
    task = AccessTask(
        kind=RequestKind.REVOKE,
        reason=reason,
        state=TaskState.OPEN,
        service_id=grant.service_id,
        queue_id=_queue_for(grant.service).id,
        grant_id=grant.id,
        request_id=request.id if request else None,
        note=note,
        created_at=now,
    )
    db.session.add(task)
    db.session.flush()
    _open_ticket(task, actor, now=now)
    _tell_administrator(task, now=now)
    return task


def _task_requester(task: AccessTask, actor: User | None) -> User | None:
    """In whose name the task's ticket is filed: the systemförvaltare (who answers for
    the system's access), else the deputy, else whoever opened the task."""
    service = task.service
    for person in (service.administrator, service.deputy, actor):
        if person is not None and person.active:
            return person
    return task.grant.granted_by if task.grant is not None else None


def _open_ticket(task: AccessTask, actor: User | None, *, now: datetime) -> None:
    """The task's desk ticket, routed like any case of the service; the task is worked in
    the queue the ticket went to. The requester's "we have your case" mail is left out:
    the systemförvaltare gets the task's own mail (`_tell_administrator`)."""
    requester = _task_requester(task, actor)
    if requester is None:
        return  # nobody to file it for: the task is worked from the access task list
    filer = actor if actor is not None and (actor.is_staff or actor.id == requester.id) else None
    lines = [task_summary(task)]
    if task.request is not None:
        link = f"[{task.request.reference}](/access/requests/{task.request.id})"
        lines.append(_("Access request: %(ref)s", ref=link))
    if task.grant is not None:
        lines.append(f"[{_('Register line')}](/access/grants/{task.grant.id})")
    if task.note:
        lines.append(task.note)
    lines.append(_("Resolving this case records the change in the access register."))
    with notifications.suppressed():
        ticket = create_ticket(
            requester=requester,
            actor=filer or requester,
            title=_("Access task: %(what)s", what=task_summary(task)),
            description="\n\n".join(lines),
            ticket_type=TicketType.SERVICE_REQUEST,
            service=task.service,
            now=now,
        )
    task.ticket_id = ticket.id
    task.queue_id = ticket.queue_id
    db.session.flush()


def _tell_administrator(task: AccessTask, *, now: datetime) -> None:
    service = task.service
    notify.notify(
        service.administrator,
        key=f"access:task:{task.id}",
        kind="access_task",
        subject=lambda: _("New access task for %(service)s", service=service.name_sv),
        lines=lambda: [task_summary(task)],
        path="/access/tasks",
        now=now,
    )


def task_summary(task: AccessTask) -> str:
    if task.kind == RequestKind.GRANT:
        r = task.request
        return _("Give %(person)s the role %(role)s.", person=r.person_name, role=r.role.name_sv)
    g = task.grant
    return _("Remove the role %(role)s from %(person)s.", person=g.person_name, role=g.role.name_sv)


def may_work_task(actor: User, task: AccessTask) -> bool:
    service = task.service
    return (
        actor.has_role(Role.ADMIN)
        or works_queue(actor, task.queue_id)
        or actor.id in (service.administrator_id, service.deputy_id)
    )


def task_visibility(actor: User):
    """SQL condition on `AccessTask`: those of one's queues and administered services."""
    if actor.has_role(Role.ADMIN):
        return AccessTask.id.isnot(None)
    queues = select(QueueMember.queue_id).where(QueueMember.user_id == actor.id)
    administered = select(Service.id).where(
        or_(Service.administrator_id == actor.id, Service.deputy_id == actor.id)
    )
    return or_(AccessTask.queue_id.in_(queues), AccessTask.service_id.in_(administered))


def get_task(actor: User, task_id: int) -> AccessTask:
    condition = task_visibility(actor)
    return cases.visible_one(AccessTask.id, task_id, condition, _l("No such access task."))


def open_tasks(actor: User, limit: int = 200) -> list[AccessTask]:
    stmt = select(AccessTask).where(task_visibility(actor), AccessTask.state == TaskState.OPEN)
    return list(
        db.session.scalars(stmt.order_by(AccessTask.created_at, AccessTask.id).limit(limit))
    )


def has_open_revoke_task(grant: AccessGrant) -> bool:
    stmt = select(
        exists().where(
            AccessTask.grant_id == grant.id,
            AccessTask.kind == RequestKind.REVOKE,
            AccessTask.state == TaskState.OPEN,
        )
    )
    return bool(db.session.scalar(stmt))


def complete_task(task: AccessTask, actor: User, *, note: str = "", now: datetime):
    """Done: the role is in place (the grant is recorded) or taken away (the grant ends)."""
    if not may_work_task(actor, task):
        raise PermissionDenied(
            _l("Only the system's queue or systemförvaltare does this task."), code="not_your_task"
        )
    if task.state != TaskState.OPEN:
        raise InvalidTransition(_l("This task is done already."), code="task_done")
    note = optional_text(note, "note", max_len=NOTE_MAX)
    task.state = TaskState.DONE
    task.done_at = now
    task.done_by_id = actor.id
    if note:
        task.note = f"{task.note}\n{note}".strip()
    result = (
        _grant(task, actor, now=now)
        if task.kind == RequestKind.GRANT
        else _revoke(task, actor, now=now)
    )
    if task.ticket is not None:
        done = (
            _("The access is in place.")
            if task.kind == RequestKind.GRANT
            else _("The access has been removed.")
        )
        cases.finish_case(task.ticket, actor, note or done, "solved_by_second_line", now=now)
    db.session.flush()
    return result


def task_of_ticket(ticket: Ticket) -> AccessTask | None:
    return db.session.scalar(select(AccessTask).where(AccessTask.ticket_id == ticket.id))


def on_status_changed(
    ticket: Ticket, *, new: str, actor: User | None, now: datetime, **_kwargs
) -> None:
    """An agent resolved a task's ticket: the task is done (the grant recorded or ended),
    in the same unit of work; refused as a whole when they may not do the task."""
    if new != Status.RESOLVED or ticket.type != TicketType.SERVICE_REQUEST or actor is None:
        return
    task = task_of_ticket(ticket)
    if task is not None and task.state == TaskState.OPEN:
        complete_task(task, actor, now=now)


def on_ticket_transferred(ticket: Ticket, *, new_queue, **_kwargs) -> None:
    """The task goes with its case: the task list shows it to the queue now holding it."""
    task = task_of_ticket(ticket) if ticket.type == TicketType.SERVICE_REQUEST else None
    if task is not None and task.state == TaskState.OPEN:
        task.queue_id = new_queue.id


def connect() -> None:
    events.status_changed.connect(on_status_changed)
    events.ticket_transferred.connect(on_ticket_transferred)


def _grant(task: AccessTask, actor: User, *, now: datetime) -> AccessGrant:
    request = task.request
    approving = [d for d in request.decisions if d.decision == Verdict.APPROVED]
    grant = AccessGrant(
        service_id=request.service_id,
        role_id=request.role_id,
        person_id=request.person_id,
        person_name=request.person_name,
        person_email=request.person_email,
        valid_from=request.valid_from,
        valid_to=request.valid_to,
        request_id=request.id,
        decision_id=approving[-1].id if approving else None,
        granted_by_id=actor.id,
        granted_at=now,
    )
    db.session.add(grant)
    db.session.flush()
    task.grant_id = grant.id
    request.state = RequestState.FULFILLED
    request.closed_at = now
    record_audit(
        actor,
        "access_granted",
        grant,
        new=f"#{grant.role_id}: {grant.valid_from}–{grant.valid_to or ''}",
        label=f"{request.reference} {grant.person_name} ({request.service.name_sv})",
        now=now,
    )
    cases.finish_case(
        request.ticket,
        actor,
        _(
            "The access is in place: %(role)s in %(service)s from %(start)s.",
            role=request.role.name_sv,
            service=request.service.name_sv,
            start=grant.valid_from.isoformat(),
        ),
        "solved_by_second_line",
        now=now,
    )
    _tell_done(request, now=now)
    return grant


def _revoke(task: AccessTask, actor: User, *, now: datetime) -> AccessGrant:
    grant = task.grant
    if grant.revoked_at is None:
        grant.revoked_at = now
        grant.revoked_by_id = actor.id
        grant.revoke_reason = (task.note or task.reason)[:NOTE_MAX]
        record_audit(
            actor,
            "access_revoked",
            grant,
            old=f"#{grant.role_id}",
            new=f"{task.reason}: {task.note}".strip(": "),
            label=f"{grant.person_name} ({grant.service.name_sv})",
            now=now,
        )
    request = task.request
    if request is not None and request.state != RequestState.FULFILLED:
        request.state = RequestState.FULFILLED
        request.closed_at = now
        cases.finish_case(
            request.ticket,
            actor,
            _("The access has been removed."),
            "solved_by_second_line",
            now=now,
        )
        _tell_done(request, now=now)
    return grant


def _tell_done(request: AccessRequest, *, now: datetime) -> None:
    notify.notify(
        request.requested_by,
        key=f"access:{request.id}:done",
        kind="access_done",
        subject=lambda: _("Access request %(ref)s is carried out", ref=request.reference),
        lines=lambda: [
            _(
                "%(role)s in %(service)s for %(person)s.",
                role=request.role.name_sv,
                service=request.service.name_sv,
                person=request.person_name,
            )
        ],
        path=f"/access/requests/{request.id}",
        now=now,
        ticket_id=request.ticket_id,
    )
