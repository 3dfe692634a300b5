"""Macros: a standard answer plus field changes (assign to me, status with its pending
reason or closure code) applied to one ticket in one action, through the lifecycle's own
functions, so each change is in the history and a refused step undoes them all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import required_text, unique_name
from servicedesk.domain.answers.standard_answers import answers_for_ticket, filled_answer
from servicedesk.domain.errors import NotFound, ValidationError
from servicedesk.domain.permissions import require_agent
from servicedesk.domain.settings_cache import cached
from servicedesk.domain.tickets import lifecycle
from servicedesk.infra.extensions import db
from servicedesk.models import (
    ClosureCode,
    Macro,
    PendingReason,
    Queue,
    StandardAnswer,
    Ticket,
    User,
)
from servicedesk.models.answers import MACRO_STATUSES, answer_language


def all_macros() -> list[Macro]:
    stmt = (
        select(Macro)
        .options(joinedload(Macro.queue), joinedload(Macro.answer), joinedload(Macro.closure_code))
        .order_by(Macro.name)
    )
    return list(db.session.scalars(stmt))


def save_macro(
    actor: User,
    macro: Macro | None,
    *,
    name: str,
    queue: Queue | None,
    answer: StandardAnswer | None,
    status: str | None,
    pending_reason: str | None = None,
    closure_code: ClosureCode | None = None,
    assign_to_me: bool = False,
    active: bool = True,
    now: datetime,
) -> Macro:
    """Create or edit a macro (admins). What it changes must make sense on its own: a
    pending status says what it waits for, a resolve has a closure code and an answer
    (its text is the solution), and a macro changes something."""
    name = required_text(name, "name", max_len=200)
    unique_name(Macro, Macro.name, name, macro.id if macro else None, "name")
    status = status or None
    if status is not None and status not in MACRO_STATUSES:
        raise ValidationError(_l("Unknown status."), field="status")
    if status == "pending":
        if pending_reason not in PendingReason.__members__.values():
            raise ValidationError(_l("Say what the ticket is waiting for."), field="pending_reason")
    else:
        pending_reason = None
    if status == "resolved":
        if closure_code is None or not closure_code.active:
            raise ValidationError(_l("Choose a closure code."), field="closure_code")
        if answer is None:
            raise ValidationError(
                _l("A macro that resolves needs a standard answer: its text is the solution."),
                field="answer",
            )
    else:
        closure_code = None
    if answer is not None and queue is not None and answer.queue_id not in (None, queue.id):
        raise ValidationError(_l("That answer belongs to another queue."), field="answer")
    if answer is None and status is None and not assign_to_me:
        raise ValidationError(_l("A macro must change something."), field="answer")
    created = macro is None
    if created:
        macro = Macro()
        db.session.add(macro)
    macro.name, macro.queue, macro.answer = name, queue, answer
    macro.status, macro.pending_reason, macro.closure_code = status, pending_reason, closure_code
    macro.assign_to_me, macro.active = assign_to_me, active
    db.session.flush()
    if created:
        record_audit(actor, "macro_created", macro, label=name, now=now)
    return macro


def _usable(ticket: Ticket):
    return (
        Macro.active.is_(True),
        or_(Macro.queue_id.is_(None), Macro.queue_id == ticket.queue_id),
    )


def macros_for_ticket(ticket: Ticket, agent: User, *, checked: bool = False) -> list[Macro]:
    if not checked:
        require_agent(agent, ticket)
    stmt = select(Macro).where(*_usable(ticket)).order_by(Macro.name)
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class AnswerChoice:
    """A standard answer as plain values, kept per process (`settings_cache`)."""

    id: int
    title: str
    body_sv: str
    body_en: str

    def language_for(self, locale: str) -> str:
        return answer_language(self.body_en, locale)

    def body_for(self, locale: str) -> str:
        return self.body_en if self.language_for(locale) == "en" else self.body_sv


@dataclass(frozen=True)
class MacroChoice:
    id: int
    name: str


def composer_choices(
    ticket: Ticket, agent: User, *, checked: bool = False
) -> tuple[tuple[AnswerChoice, ...], tuple[MacroChoice, ...]]:
    """The standard answers and macros the ticket's agent may use (`checked`: the page has
    just asked whether `agent` works the ticket). They depend only on the queue, so they
    are read once per queue and settings revision; an admin's edit is seen at once."""
    if not checked:
        require_agent(agent, ticket)

    def build():
        answers = answers_for_ticket(ticket, agent, checked=True)
        macros = macros_for_ticket(ticket, agent, checked=True)
        return (
            tuple(AnswerChoice(a.id, a.title, a.body_sv, a.body_en) for a in answers),
            tuple(MacroChoice(m.id, m.name) for m in macros),
        )

    return cached(("composer_choices", ticket.queue_id), build)


def apply_macro(
    ticket: Ticket,
    actor: User,
    macro_id: int | None,
    *,
    expected_version: int | None,
    now: datetime,
) -> Macro:
    """Apply a macro: assign, reply, change status, in that order, under the version the
    agent read. Flushes, never commits: the caller's unit of work keeps all or nothing."""
    require_agent(actor, ticket)
    lifecycle.refuse_if_closed(ticket)
    lifecycle.check_version(ticket, expected_version)
    macro = db.session.scalar(select(Macro).where(Macro.id == macro_id, *_usable(ticket)))
    if macro is None:
        raise NotFound(_l("No such macro."), field="macro")
    lifecycle.record_history(ticket, actor, "macro", None, macro.name, now=now)
    if macro.assign_to_me:
        lifecycle.assign_ticket(ticket, actor, actor, now=now)
    text = filled_answer(macro.answer, ticket, actor) if macro.answer else ""
    if text:
        lifecycle.add_comment(ticket, actor, text, now=now)
    if macro.status:
        lifecycle.change_status(
            ticket,
            actor,
            macro.status,
            pending_reason=macro.pending_reason,
            solution=text,
            closure_code=macro.closure_code.code if macro.closure_code else None,
            now=now,
        )
    db.session.flush()
    return macro
