"""Demo notices and a major incident: the school platform is down (a major incident with
two linked cases and a published disruption pointing to it, so an employee can press
"Jag är också drabbad"), planned maintenance of e-mail tonight, a threshold that suggests
major incidents, and an employee who follows the school platform."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from servicedesk.domain.major.incidents import declare_major, link_child, post_update
from servicedesk.domain.major.suggestions import set_threshold
from servicedesk.domain.notices.notices import NoticeDraft, create_notice
from servicedesk.domain.notices.subscriptions import follow
from servicedesk.domain.tickets.lifecycle import create_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import Service, User


def _user(local: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{local}@tanum.example"))


def _service(name: str) -> Service:
    return db.session.scalar(select(Service).where(Service.name_sv == name))


def load_demo_notices(*, now: datetime) -> None:
    school, mail = _service("Skolplattformen"), _service("E-post och kalender")
    support, admin = _user("buf.support"), _user("admin")
    follow(_user("anstalld"), school, now=now - timedelta(days=20))
    set_threshold(admin, school, 3, 30, now=now - timedelta(days=30))

    first = create_ticket(
        requester=_user("larare"),
        actor=_user("larare"),
        title="Skolplattformen går inte att logga in på",
        description="Jag får ett felmeddelande när jag loggar in på skolplattformen.",
        service=school,
        impact=1,
        urgency=1,
        now=now - timedelta(minutes=50),
    )
    major = declare_major(first, support, now=now - timedelta(minutes=40))
    for local, title, minutes in (
        ("fritid", "Schemat visas inte", 45),
        ("ekonom", "Kommer inte in på skolplattformen", 35),
    ):
        person = _user(local)
        case = create_ticket(
            requester=person,
            actor=person,
            title=title,
            description="Sidan laddar bara och sedan kommer ett fel.",
            service=school,
            impact=2,
            urgency=1,
            now=now - timedelta(minutes=minutes),
        )
        link_child(major, case, support, now=now - timedelta(minutes=30))
    create_notice(
        support,
        NoticeDraft(
            kind="disruption",
            title="Skolplattformen går inte att nå",
            body=(
                "Inloggningen till skolplattformen fungerar inte just nu. Leverantören "
                "felsöker.\n\nNästa besked kommer **kl. 11.00**."
            ),
            severity=1,
            starts_at=now - timedelta(minutes=50),
            ends_at=now + timedelta(hours=2),
            services=[school],
            major_ticket=first,
        ),
        publish=True,
        now=now - timedelta(minutes=30),
    )
    post_update(
        major,
        support,
        "Leverantören har hittat felet i inloggningstjänsten och arbetar med en rättning.",
        now=now - timedelta(minutes=15),
    )
    evening = (now + timedelta(days=1)).replace(hour=18, minute=0, second=0, microsecond=0)
    create_notice(
        admin,
        NoticeDraft(
            kind="planned",
            title="Planerat underhåll av e-posten",
            body="E-post och kalender kan vara otillgängliga en kort stund under kvällen.",
            severity=3,
            starts_at=evening,
            ends_at=evening + timedelta(hours=2),
            services=[mail],
        ),
        publish=True,
        now=now - timedelta(hours=3),
    )
    db.session.flush()
