"""Demo data, one module per area, loaded by one entry point: `load_demo` (`flask demo load`,
`make run`). Everything goes through the domain functions, as a real desk would have it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from servicedesk.demo.access import load_demo_access
from servicedesk.demo.answers import load_demo_answers
from servicedesk.demo.changes import load_demo_changes
from servicedesk.demo.kb import load_demo_kb
from servicedesk.demo.mail import load_demo_mail
from servicedesk.demo.notices import load_demo_notices
from servicedesk.demo.org import (
    MUNICIPALITY,
    load_queues,
    load_services,
    load_units,
    load_users,
)
from servicedesk.demo.records import load_demo_records
from servicedesk.demo.reports import load_demo_reports
from servicedesk.demo.routing import load_demo_catalog
from servicedesk.demo.search import load_demo_search
from servicedesk.demo.security import load_demo_security
from servicedesk.demo.sla import load_demo_sla
from servicedesk.demo.tickets import load_tickets
from servicedesk.infra.extensions import db
from servicedesk.models import Unit
from servicedesk.models.base import utcnow


def demo_present() -> bool:
    return db.session.scalar(select(Unit).where(Unit.name == MUNICIPALITY)) is not None


def load_demo(
    *, ticket_count: int = 300, now: datetime | None = None, seed: int = 20261127
) -> bool:
    """Load everything once; returns False (and changes nothing) when it is already there."""
    if demo_present():
        return False
    now = now or utcnow()
    units = load_units()
    queues = load_queues(units)
    users = load_users(units, queues)
    services = load_services(units, queues, users)
    db.session.flush()
    load_demo_catalog()
    load_demo_sla()
    load_demo_answers(queues, users, now=now)
    load_tickets(services, users, count=ticket_count, now=now, seed=seed)
    load_demo_mail(now=now)
    load_demo_changes(now=now)
    load_demo_reports(now=now)
    load_demo_security(now=now)
    load_demo_notices(now=now)
    load_demo_kb(now=now)
    load_demo_access(now=now)
    load_demo_records(now=now)
    load_demo_search(users, now=now)
    return True
