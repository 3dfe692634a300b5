"""Demo security incidents: the security queue (Informationssäkerhet) with its
informationssäkerhetssamordnare (security@tanum.example), and one open incident with
personal data involved under the cybersecurity law, so all four legal clocks run."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from servicedesk.demo.org import DEMO_PASSWORD, _email
from servicedesk.domain.identity.users import create_user
from servicedesk.domain.security.incidents import Facts, report_incident, update_facts
from servicedesk.domain.security.queue import set_security_queue
from servicedesk.domain.tickets.lifecycle import add_comment, assign_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, QueueMember, Unit, User

SECURITY_QUEUE = "Informationssäkerhet"


def load_demo_security(*, now: datetime) -> None:
    it = db.session.scalar(select(Unit).where(Unit.name == "IT-enheten"))
    queue = Queue(name=SECURITY_QUEUE, unit=it, is_central=False)
    db.session.add(queue)
    db.session.flush()
    coordinator = create_user(
        email=_email("security"),
        name="Siri Säkerhetssamordnare",
        password=DEMO_PASSWORD,
        roles={"agent", "security"},
        unit=it,
        locale="sv",
    )
    db.session.add(QueueMember(queue_id=queue.id, user_id=coordinator.id))
    queue.lead = coordinator
    set_security_queue(queue)
    reporter = db.session.scalar(select(User).where(User.email == _email("larare")))
    filed = now - timedelta(hours=20)
    ticket = report_incident(
        reporter,
        title="Klasslista med personnummer skickad till fel vårdnadshavare",
        description=(
            "Jag skickade i morse en klasslista med elevernas personnummer till en "
            "vårdnadshavare i en annan klass. Jag har bett mottagaren radera mejlet."
        ),
        facts=Facts(confidentiality=True, personal_data=True),
        now=filed,
    )
    assign_ticket(ticket, coordinator, coordinator, now=filed + timedelta(minutes=40))
    update_facts(
        ticket,
        coordinator,
        Facts(confidentiality=True, personal_data=True, nis2_covered=True),
        aware_at=filed - timedelta(hours=1),
        now=filed + timedelta(hours=1),
    )
    add_comment(
        ticket,
        coordinator,
        "Tack för att du rapporterade direkt. Vi utreder och återkommer i dag.",
        internal=False,
        now=filed + timedelta(hours=1, minutes=5),
    )
    db.session.flush()
