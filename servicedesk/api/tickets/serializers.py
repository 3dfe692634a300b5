"""Models to JSON for the API: one function per resource, timestamps ISO 8601 with offset."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from servicedesk.api.auth import api_user
from servicedesk.api.serializers import iso, person, ref
from servicedesk.domain.explanations import render
from servicedesk.domain.sla.serialize import timer_json
from servicedesk.domain.tickets.view import HistoryLine, route_reason_for
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Attachment,
    ClosureCode,
    Comment,
    Queue,
    SlaTimer,
    Ticket,
    Unit,
)

TimerRow = tuple[SlaTimer, str | None]  # a timer and the name of its OLA queue


def load_timers(ticket_ids: list[int]) -> dict[int, list[TimerRow]]:
    """The SLA timers of many tickets in one query (calendars and OLA queues joined)."""
    if not ticket_ids:
        return {}
    stmt = (
        select(SlaTimer, Queue.name)
        .outerjoin(Queue, Queue.id == SlaTimer.queue_id)
        .where(SlaTimer.ticket_id.in_(ticket_ids))
        # The calendar's name only: its hours and closed days load when someone asks.
        .options(joinedload(SlaTimer.calendar).lazyload("*"))
        .order_by(SlaTimer.ticket_id, SlaTimer.started_at, SlaTimer.id)
    )
    grouped: dict[int, list[TimerRow]] = defaultdict(list)
    for timer, queue_name in db.session.execute(stmt):
        grouped[timer.ticket_id].append((timer, queue_name))
    return grouped


def timers_json(ticket: Ticket, now: datetime, *, timers: list[TimerRow] | None = None) -> list:
    """The ticket's timers as docs/sla-semantics.md names them, computed by the SLA engine
    as of `now` (elapsed in business minutes; due_at null while paused or stopped)."""
    if timers is None:
        timers = load_timers([ticket.id]).get(ticket.id, [])
    return [timer_json(t, now=now, queue_name=queue_name) for t, queue_name in timers]


def ticket_json(ticket: Ticket, now: datetime, *, timers: list[TimerRow] | None = None) -> dict:
    service = ticket.service
    return {
        "reference": ticket.reference,
        "type": ticket.type,
        "title": ticket.title,
        "description": ticket.description,
        "status": ticket.status,
        "pending_reason": ticket.pending_reason,
        "impact": ticket.impact,
        "urgency": ticket.urgency,
        "priority": ticket.priority,
        "service": ref(service, service.name_sv) if service else None,
        "queue": ref(ticket.queue, ticket.queue.name),
        "owner_unit": ref(service.owner_unit, service.owner_unit.name) if service else None,
        "route_reason": route_reason_for(ticket, api_user()),
        "requester": person(ticket.requester),
        "assignee": person(ticket.assignee),
        "channel": ticket.channel,
        "created_at": iso(ticket.created_at),
        "updated_at": iso(ticket.updated_at),
        "resolved_at": iso(ticket.resolved_at),
        "closed_at": iso(ticket.closed_at),
        "solution": ticket.solution,
        "closure_code": closure_code_json(ticket),
        "version": ticket.version,
        "sla": timers_json(ticket, now, timers=timers),
    }


def closure_code_json(ticket: Ticket) -> dict | None:
    code = ticket.closure_code
    return {"code": code.code, "name": code.name_sv} if code else None


def tickets_json(tickets: list[Ticket], now: datetime) -> list[dict]:
    """Many tickets with a fixed number of queries: timers and owner units loaded at once."""
    timers = load_timers([t.id for t in tickets])
    unit_ids = {t.service.owner_unit_id for t in tickets if t.service is not None}
    if unit_ids:  # into the identity map, where the owner_unit lookups find them
        db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids))).all()
    code_ids = {t.closure_code_id for t in tickets if t.closure_code_id is not None}
    if code_ids:  # the same for the closure codes
        db.session.scalars(select(ClosureCode).where(ClosureCode.id.in_(code_ids))).all()
    return [ticket_json(t, now, timers=timers.get(t.id, [])) for t in tickets]


def comment_json(comment: Comment) -> dict:
    author = comment.author
    return {
        "id": comment.id,
        "body": comment.body,
        "internal": comment.internal,
        "source": comment.source,
        "author": {"id": author.id, "name": author.name} if author else None,
        "created_at": iso(comment.created_at),
    }


def history_json(entry: HistoryLine) -> dict:
    """A line as `view.history_for` gave it to this viewer; the explanation as its code
    and parameters and in the request's language."""
    actor = entry.actor
    return {
        "id": entry.id,
        "at": iso(entry.at),
        "actor": {"id": actor.id, "name": actor.name} if actor else None,
        "field": entry.field,
        "old_value": entry.old_value,
        "new_value": entry.new_value,
        "note": entry.note,
        "explanation": entry.explanation,
        "explanation_text": render(entry.explanation),
        "internal": entry.internal,
    }


def attachment_json(attachment: Attachment) -> dict:
    return {
        "id": attachment.id,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "internal": attachment.internal,
        "comment_id": attachment.comment_id,
        "created_at": iso(attachment.created_at),
        "download_url": url_for("api.download_attachment", attachment_id=attachment.id),
    }
