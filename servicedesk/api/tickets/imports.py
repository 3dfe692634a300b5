"""Filing tickets from JSON: one API call, or a whole file of history from a previous tool.

Both go through `create_ticket_from`, and so through the domain's create, resolve and close
with the historical times: history lines and SLA timers follow those times, not today's.
A file is all-or-nothing: every row is checked first, and every bad row is reported.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import click
from flask_babel import gettext as _

from servicedesk.api.errors import (
    ApiError,
    invalid,
    nul_fields,
    parse_timestamp,
    validation_fields,
)
from servicedesk.domain.catalog.lookup import get_active_service
from servicedesk.domain.errors import DomainError
from servicedesk.domain.identity.users import find_user_by_email
from servicedesk.domain.mail import notifications
from servicedesk.domain.text import single_line
from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.domain.tickets.history import HistoricalTicket, import_history
from servicedesk.infra.extensions import db
from servicedesk.models import Channel, Role, Status, Ticket, User

HISTORY_FIELDS = ("created_at", "resolved_at", "closed_at")
INT_FIELDS = ("impact", "urgency", "service")


@dataclass
class Prepared:
    requester: User
    service: object
    times: dict[str, datetime | None]


def _requester(actor: User, email: str | None, find_user=find_user_by_email) -> User:
    if email is None:
        return actor
    if not actor.is_staff and email.strip().lower() != actor.email.lower():
        raise ApiError(403, "forbidden", _("Only support staff may file a case for someone else."))
    user = find_user(email)
    if user is None or not user.active:
        raise invalid({"requester": [_("No active user has that e-mail address.")]})
    return user


def _times(actor: User, data: dict, now: datetime) -> dict[str, datetime | None]:
    times = {name: parse_timestamp(data.get(name), name) for name in HISTORY_FIELDS}
    if any(times.values()) and not actor.has_role(Role.ADMIN):
        raise ApiError(403, "forbidden", _("Only an administrator may import historical times."))
    created = times["created_at"] or now
    resolved, closed = times["resolved_at"], times["closed_at"]
    if created > now:
        raise invalid({"created_at": [_("The time is in the future.")]})
    if resolved is not None and not created <= resolved <= now:
        raise invalid({"resolved_at": [_("Must be between created_at and now.")]})
    if closed is not None and (resolved is None or not resolved <= closed <= now):
        raise invalid({"closed_at": [_("Must be between resolved_at and now.")]})
    return times


def prepare(
    actor: User,
    data: dict,
    *,
    now: datetime,
    find_user=find_user_by_email,
    find_service=get_active_service,
) -> Prepared:
    """Every check that can be made before writing anything (a file's rows look their
    people and services up through a cache: `find_user`, `find_service`)."""
    if not single_line(str(data.get("title", ""))):
        raise invalid({"title": [_("This field is required.")]})
    if not str(data.get("description", "")).strip():
        raise invalid({"description": [_("This field is required.")]})
    requester = _requester(actor, data.get("requester"), find_user)
    service = find_service(data.get("service"))
    if data.get("service") is not None and service is None:
        raise invalid({"service": [_("No such active service.")]})
    return Prepared(requester, service, _times(actor, data, now))


def create_ticket_from(actor: User, data: dict, *, now: datetime) -> Ticket:
    """File one ticket from an API payload (already checked against TicketCreate).

    A ticket with a past `created_at` is history from a previous system: it is recorded
    without mailing anyone about what happened back then."""
    ready = prepare(actor, data, now=now)
    if ready.times["created_at"] is not None:
        with notifications.suppressed():
            return _create(actor, data, ready, now=now)
    return _create(actor, data, ready, now=now)


def _create(actor: User, data: dict, ready: Prepared, *, now: datetime) -> Ticket:
    ticket = ticket_domain.create_ticket(
        requester=ready.requester,
        actor=actor,
        title=data["title"],
        description=data["description"],
        ticket_type=data.get("type", "incident"),
        service=ready.service,
        impact=data.get("impact", 3),
        urgency=data.get("urgency", 3),
        channel=data.get("channel", Channel.API),
        now=now,
        created_at=ready.times["created_at"],
    )
    # A past state recorded as it was (as the batch import does), not a resolution now:
    # the previous system kept no solution or closure code to demand.
    for status in (Status.RESOLVED, Status.CLOSED):
        at = ready.times[f"{status.value}_at"]
        if at is not None:
            ticket_domain.set_status(ticket, actor, status, now=at)
    return ticket


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, message)


def _coerce_csv(row: dict) -> dict:
    data = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
    data = {k: v for k, v in data.items() if v != ""}
    for name in INT_FIELDS:
        if name in data and re.fullmatch(r"-?[0-9]{1,9}", data[name]):
            data[name] = int(data[name])
    return data


def read_rows(path: Path) -> list[tuple[int, object]]:
    """(line number, row) pairs: CSV lines as in the file, JSON items counted from 1."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        items = json.loads(text)
        if not isinstance(items, list):
            raise click.ClickException(_("The JSON file must hold a list of tickets."))
        return list(enumerate(items, start=1))
    reader = csv.DictReader(io.StringIO(text))
    return [(reader.line_num, _coerce_csv(row)) for row in reader]


def _check_row(actor: User, line: int, data, now: datetime, lookups: dict):
    """(errors, prepared): every fault of one row, or what it needs to be written."""
    fields = nul_fields(data) or validation_fields("TicketCreate", data)
    ready = None
    if not fields:
        try:
            ready = prepare(actor, data, now=now, **lookups)
        except ApiError as exc:
            fields = exc.fields or {"row": [exc.message]}
    return [(line, name, str(msg)) for name, msgs in fields.items() for msg in msgs], ready


def _historical(data: dict, ready: Prepared) -> HistoricalTicket:
    return HistoricalTicket(
        requester=ready.requester,
        title=data["title"],
        description=data["description"],
        created_at=ready.times["created_at"],
        service=ready.service,
        ticket_type=data.get("type", "incident"),
        impact=data.get("impact", 3),
        urgency=data.get("urgency", 3),
        channel=data.get("channel", Channel.API),
        resolved_at=ready.times["resolved_at"],
        closed_at=ready.times["closed_at"],
    )


def import_rows(actor: User, rows: list[tuple[int, object]], *, now: datetime) -> ImportResult:
    """Check every row, then create all in one transaction; nothing is kept if any row fails.

    Rows with a `created_at` are history, written in batches (domain/tickets/history.py);
    a row without one is a case filed now, through the ordinary create (and its mail)."""
    result = ImportResult()
    checked = []
    lookups = {
        "find_user": functools.cache(find_user_by_email),
        "find_service": functools.cache(get_active_service),
    }
    for line, data in rows:
        errors, ready = _check_row(actor, line, data, now, lookups)
        result.errors.extend(errors)
        checked.append((line, data, ready))
    if result.errors:
        return result
    history: list[HistoricalTicket] = []
    at_line = 0
    try:
        for line, data, ready in checked:
            at_line = line
            if ready.times["created_at"] is None:
                import_history(actor, history, now=now)
                history = []
                create_ticket_from(actor, data, now=now)
            else:
                history.append(_historical(data, ready))
        import_history(actor, history, now=now)
    except DomainError as exc:
        db.session.rollback()
        result.errors.append((at_line, exc.field or "row", str(exc.message)))
        return result
    result.created = len(checked)
    return result
