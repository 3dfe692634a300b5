"""Filing a security incident and the handler's facts of it.

An employee reports what happened and what was affected; the case is a ticket of type
`security` that routing sends to the security queue. The handler (the security group)
records confidentiality / integrity / availability, personal data, whether the cybersecurity
law covers it, and `aware_at` (defaults to the filing time; changing it moves the clocks).
Every change of these facts is an internal history line: the reporter never sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.explanations import explain
from servicedesk.domain.security import clocks
from servicedesk.domain.security.queue import security_queue
from servicedesk.domain.tickets import events, lifecycle
from servicedesk.infra.extensions import db
from servicedesk.models import Channel, SecurityIncident, Ticket, TicketType, User

# A report is worked at once: impact 2 (a unit), urgency 1 (work stopped) gives priority 2.
IMPACT, URGENCY = 2, 1
ASPECTS = ("confidentiality", "integrity", "availability")


@dataclass(frozen=True)
class Facts:
    """What is known of an incident: the affected aspects, personal data, NIS2."""

    confidentiality: bool = False
    integrity: bool = False
    availability: bool = False
    personal_data: bool = False
    nis2_covered: bool = False

    def marked(self) -> list[str]:
        """The names of the facts that hold, in the form's order."""
        names = (*ASPECTS, "personal_data", "nis2_covered")
        return [name for name in names if getattr(self, name)]


def nis2_covered_by_default() -> bool:
    """Every kommun and region is covered by the cybersecurity law (2025:1506, §3), so a
    new report runs the NIS2 clocks until the handler decides otherwise; an installation
    that is not covered sets SECURITY_NIS2_COVERED = False."""
    return bool(current_app.config.get("SECURITY_NIS2_COVERED", True))


def incident_of(ticket: Ticket) -> SecurityIncident | None:
    return db.session.scalar(
        select(SecurityIncident).where(SecurityIncident.ticket_id == ticket.id)
    )


def report_incident(
    reporter: User,
    *,
    title: str,
    description: str,
    facts: Facts,
    channel: str = Channel.PORTAL,
    now: datetime,
) -> Ticket:
    """File the report as a security ticket in the security queue and start its clocks
    (aware since now). The reporter says what was affected and whether personal data is
    involved; NIS2 coverage comes from the caller (`nis2_covered_by_default` for a report
    from the portal) and is the handler's to change."""
    security_queue()  # a clear error before anything is written when none is set up
    ticket = lifecycle.create_ticket(
        requester=reporter,
        actor=reporter,
        title=title,
        description=description,
        ticket_type=TicketType.SECURITY,
        impact=IMPACT,
        urgency=URGENCY,
        channel=channel,
        now=now,
    )
    incident = ensure_incident(ticket, now=now)
    for name in Facts.__dataclass_fields__:
        setattr(incident, name, getattr(facts, name))
    clocks.sync_clocks(ticket, incident, now=now)
    return ticket


def ensure_incident(ticket: Ticket, *, now: datetime) -> SecurityIncident:
    """The facts row of a security ticket, aware since it was filed."""
    incident = incident_of(ticket)
    if incident is None:
        incident = SecurityIncident(
            ticket_id=ticket.id, aware_at=ticket.created_at, created_at=now, updated_at=now
        )
        db.session.add(incident)
        db.session.flush()
    return incident


def on_ticket_created(ticket: Ticket, *, now: datetime, **_) -> None:
    """Every security ticket, however filed (portal, API, phone), gets its facts row."""
    if ticket.type == TicketType.SECURITY:
        ensure_incident(ticket, now=now)


def connect() -> None:
    events.ticket_created.connect(on_ticket_created)


def update_facts(
    ticket: Ticket, actor: User, facts: Facts, *, aware_at: datetime | None, now: datetime
) -> SecurityIncident:
    """The handler's facts; a new `aware_at` (not after now) moves the undecided clocks,
    a fact taken back stops its clocks, a new one starts them."""
    clocks.require_security_handler(actor)
    if ticket.type != TicketType.SECURITY:
        raise ValidationError(_l("This case is not a security incident."))
    if aware_at is None:
        raise ValidationError(_l("This field is required."), field="aware_at")
    if aware_at > now:
        raise ValidationError(
            _l("The organisation cannot have become aware in the future."), field="aware_at"
        )
    incident = ensure_incident(ticket, now=now)
    before = Facts(**{name: getattr(incident, name) for name in Facts.__dataclass_fields__})
    if before != facts:
        for name in Facts.__dataclass_fields__:
            setattr(incident, name, getattr(facts, name))
        lifecycle.record_history(
            ticket,
            actor,
            "security_facts",
            None,
            None,
            now=now,
            explanation=explain("security_facts", facts=",".join(facts.marked())),
            internal=True,
        )
    if abs((aware_at - incident.aware_at).total_seconds()) >= 60:
        old = incident.aware_at
        incident.aware_at = aware_at
        lifecycle.record_history(
            ticket,
            actor,
            "aware_at",
            clocks.local_text(old),
            clocks.local_text(aware_at),
            now=now,
            internal=True,
        )
        clocks.move_clocks(ticket, aware_at, now=now)
    incident.updated_at = now
    clocks.sync_clocks(ticket, incident, now=now)
    return incident
