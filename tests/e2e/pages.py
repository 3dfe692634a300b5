"""The main pages checked with axe-core: a name, the demo user who opens it (None =
anonymous) and its path, or a function of the live server giving the path from the demo
data (an id looked up in the database is faster and steadier than clicking to it)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from servicedesk.infra.extensions import db
from tests.resolving import resolve


def _from_db(query: Callable[[], str]) -> Callable:
    """A target computed inside the live server's app context."""

    def target(live_server) -> str:
        with live_server.app.app_context():
            try:
                return query()
            finally:
                db.session.remove()

    return target


def _first_id(model, *where) -> int:
    return db.session.scalar(select(model.id).where(*where).order_by(model.id).limit(1))


def _change_awaiting_approval() -> str:
    from servicedesk.models import Change

    return f"/changes/{_first_id(Change, Change.title.like('Uppgradera Ekonomisystemet%'))}"


def _problem() -> str:
    from servicedesk.models import Problem

    return f"/problems/{_first_id(Problem)}"


def _ticket_linked_to_problem() -> str:
    """A desk ticket with the SLA panel and a linked problem in its links panel."""
    from servicedesk.models import ProblemTicket

    ticket_id = db.session.scalar(
        select(ProblemTicket.ticket_id).order_by(ProblemTicket.id).limit(1)
    )
    return f"/desk/tickets/{ticket_id}"


def _survey() -> str:
    """The one-click survey link of a case the employee has just had resolved (filed and
    resolved through the domain functions), so the page shows its rating form."""
    from servicedesk.domain.reports.survey import survey_token
    from servicedesk.domain.tickets import lifecycle as ticket_domain
    from servicedesk.models import Service, User
    from servicedesk.models.base import utcnow

    def user(local: str) -> User:
        return db.session.scalar(select(User).where(User.email == f"{local}@tanum.example"))

    now, agent = utcnow(), user("agent")
    ticket = ticket_domain.create_ticket(
        requester=user("anstalld"),
        actor=user("anstalld"),
        title="Skrivaren på plan 2 skriver ut tomma sidor",
        description="Alla sidor blir tomma sedan i går.",
        service=db.session.scalar(
            select(Service).where(Service.name_sv == "Utskrift och skrivare")
        ),
        now=now,
    )
    ticket_domain.assign_ticket(ticket, agent, agent, now=now)
    resolve(ticket, agent, now=now, solution="Tonerkassetten är utbytt.")
    db.session.commit()
    return f"/survey/{survey_token(ticket, 4)}"


def _first_of(model_name: str, prefix: str) -> Callable[[], str]:
    def query() -> str:
        import servicedesk.models as models

        model = getattr(models, model_name)
        return f"{prefix}/{_first_id(model)}"

    return query


PAGES = [
    ("login", None, "/login"),
    ("accessibility-statement", None, "/tillganglighet"),
    ("portal-home", "anstalld", "/portal/"),
    ("portal-new-case", "anstalld", "/portal/new"),
    ("portal-ticket", "anstalld", "first:/portal/:table.list tbody a"),
    ("accessibility-statement-logged-in", "anstalld", "/tillganglighet"),
    ("survey", "anstalld", _from_db(_survey)),
    ("desk-dashboard", "agent", "/desk/"),
    ("desk-ticket-list", "agent", "/desk/tickets"),
    ("desk-ticket", "agent", "first:/desk/tickets:table.tickets tbody a"),
    ("desk-ticket-sla-and-links", "admin", _from_db(_ticket_linked_to_problem)),
    ("desk-phone-call", "agent", "/desk/phone"),
    ("desk-phone-call-caller-search", "agent", "/desk/phone?caller=lena"),
    ("desk-search-results", "agent", "/desk/find?q=skrivare"),
    ("shortcuts-help", "agent", "/help/shortcuts"),
    ("api-tokens", "agent", "/profile/tokens"),
    ("changes-list", "agent", "/changes/"),
    ("change-new", "agent", "/changes/new"),
    ("change-detail-approval", "forvaltare.ekonomi", _from_db(_change_awaiting_approval)),
    ("change-calendar-month", "agent", "/changes/calendar"),
    ("change-calendar-week", "agent", "/changes/calendar?view=week"),
    ("change-admin", "admin", "/changes/admin"),
    ("problems-list", "agent", "/problems/"),
    ("problem-detail", "agent", _from_db(_problem)),
    ("problem-new", "agent", "/problems/new"),
    ("reports", "itchef", "/reports/"),
    ("reports-drill-down", "itchef", "first:/reports/:main table a[href*='/reports/tickets']"),
    ("reports-breaches", "itchef", "/reports/breaches"),
    ("admin-home", "admin", "/admin/"),
    ("admin-service-form", "admin", _from_db(_first_of("Service", "/admin/services"))),
    ("admin-queues", "admin", "/admin/queues"),
    ("admin-queue-form", "admin", _from_db(_first_of("Queue", "/admin/queues"))),
    ("admin-units", "admin", "/admin/units"),
    ("admin-unit-form", "admin", "/admin/units/new"),
    ("admin-users", "admin", "/admin/users"),
    ("admin-user-form", "admin", _from_db(_first_of("User", "/admin/users"))),
    ("admin-rules-and-tester", "admin", "/admin/rules"),
    ("admin-rule-form", "admin", "/admin/rules/new"),
    ("admin-catalog-import", "admin", "/admin/catalog/import"),
    ("admin-audit-log", "admin", "/admin/audit"),
    ("admin-sla", "admin", "/admin/sla/"),
    ("admin-sla-calendar", "admin", _from_db(_first_of("Calendar", "/admin/sla/calendars"))),
    ("admin-sla-policy", "admin", _from_db(_first_of("SlaPolicy", "/admin/sla/policies"))),
    ("admin-mail", "admin", "/admin/mail/"),
    ("notices-public", None, "/driftinformation"),
    ("desk-notices", "buf.support", "/desk/notices"),
    ("desk-notice-new", "buf.support", "/desk/notices/new"),
    ("desk-major-incident", "buf.support", _from_db(_first_of("MajorIncident", "/desk/major"))),
    ("admin-major-thresholds", "admin", "/admin/major-thresholds"),
]

# Pages for employees must reflow at 200 % without sideways scrolling.
PORTAL_PAGES = {
    "login",
    "accessibility-statement",
    "portal-home",
    "portal-new-case",
    "portal-ticket",
    "accessibility-statement-logged-in",
    "survey",
    "notices-public",
}
