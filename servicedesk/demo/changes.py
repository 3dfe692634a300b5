"""Demo change requests and problems, made through the domain functions with past times:
a change to Ekonomisystemet awaiting its systemförvaltare, two changes overlapping on one
service (a calendar conflict), a new-year freeze, and a problem with three incidents and
the change that fixes it."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from servicedesk.domain.changes import approvals as change_approvals
from servicedesk.domain.changes import problems
from servicedesk.domain.changes.conflicts import create_freeze
from servicedesk.domain.changes.workflow import create_change, transition
from servicedesk.infra.extensions import db
from servicedesk.models import CabMember, Service, Ticket, User

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PLANS = {
    "implementation_plan": "1. Meddela användarna\n2. Ta ögonblicksbild\n3. Installera\n4. Testa",
    "backout_plan": "Återställ ögonblicksbilden; tar högst 30 minuter.",
    "test_plan": "Nyckelanvändare testar de vanligaste flödena direkt efter installationen.",
    "communication_plan": "Driftmeddelande på intranätet en vecka före och samma dag.",
    "risk_text": "Kort avbrott; beprövad återställning finns.",
    "consequence": "Användarna kan inte arbeta i systemet under fönstret. Ingen påverkan på "
    "arbetsmiljön utöver en kvälls övertid för två förvaltare.",
    "expected_benefit": "Fortsatt leverantörsstöd och färre fel.",
    "cost_one_off": 25000,
    "cost_yearly": 0,
    "risk_likelihood": 2,
    "risk_impact": 2,
}


def _user(local: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{local}@tanum.example"))


def _service(name: str) -> Service:
    return db.session.scalar(select(Service).where(Service.name_sv == name))


def _evening(now: datetime, days: int, start_hour: int = 18, hours: int = 2):
    """A window on a local evening `days` from now, as UTC instants."""
    day = (now.astimezone(STOCKHOLM) + timedelta(days=days)).date()
    start = datetime.combine(day, time(start_hour), tzinfo=STOCKHOLM)
    return start.astimezone(now.tzinfo), (start + timedelta(hours=hours)).astimezone(now.tzinfo)


def _change(owner, title, services, window, *, now, **extra):
    start, end = window
    values = {**PLANS, **extra}
    return create_change(
        owner,
        title=title,
        services=services,
        planned_start=start,
        planned_end=end,
        now=now,
        **values,
    )


def _walk(change, actor, states, *, now):
    for state in states:
        transition(change, actor, state, now=now)


def load_demo_changes(*, now: datetime) -> None:
    agent, admin, controller = _user("agent"), _user("admin"), _user("forvaltare.ekonomi")
    db.session.add(CabMember(user_id=admin.id))
    finance, mail = _service("Ekonomisystemet"), _service("E-post och kalender")
    earlier = now - timedelta(days=3)

    finance_change = _change(
        agent,
        "Uppgradera Ekonomisystemet till version 12",
        [finance],
        _evening(now, 7),
        now=earlier,
        description="Leverantören släpper version 12 med nytt attestflöde.",
        reason="Version 11 får inget stöd efter årsskiftet.",
    )
    _walk(finance_change, agent, ["submitted", "assessment", "awaiting_approval"], now=earlier)
    _load_overlapping(admin, agent, mail, now=now)
    fix = _load_fix(controller, finance, now=now)
    _load_freeze(admin, now=now)
    _load_problem(agent, finance, fix, now=now)
    db.session.flush()


def _load_overlapping(admin, agent, mail, *, now):
    """Two changes to the e-mail service whose windows overlap by an hour: a conflict."""
    earlier = now - timedelta(days=3)
    mail_window = _evening(now, 10)
    patch = _change(
        agent, "Säkerhetsuppdatering av e-postservern", [mail], mail_window, now=earlier
    )
    _walk(patch, agent, ["submitted", "assessment", "awaiting_approval"], now=earlier)
    # the CAB (the admin) approves: whoever asked for a change never approves it
    change_approvals.decide(patch, admin, "approved", comment="Brådskande patch", now=earlier)
    transition(patch, agent, "scheduled", now=earlier)
    start, end = mail_window
    migration = _change(
        agent,
        "Flytta delade brevlådor till ny lagring",
        [mail],
        (start + timedelta(hours=1), end + timedelta(hours=1)),
        now=earlier,
        kind="standard",
    )
    _walk(migration, agent, ["submitted", "assessment", "approved", "scheduled"], now=earlier)


def _load_fix(controller, finance, *, now):
    """The implemented and reviewed change that fixes the demo problem."""
    fix = _change(
        controller,
        "Rätta attestregeln för ersättare i Ekonomisystemet",
        [finance],
        _evening(now, -2),
        now=now - timedelta(days=10),
        kind="standard",
    )
    _walk(fix, controller, ["submitted", "assessment", "approved", "scheduled"], now=now)
    _walk(fix, controller, ["in_progress", "implemented"], now=now)
    change_approvals.record_review(
        fix, controller, outcome="successful", notes="Attesten fungerar igen.", now=now
    )
    return fix


def _load_freeze(admin, *, now):
    year = now.astimezone(STOCKHOLM).year
    create_freeze(
        admin,
        name="Frysperiod kring nyår",
        start=datetime(year, 12, 20, tzinfo=STOCKHOLM).astimezone(now.tzinfo),
        end=datetime(year + 1, 1, 7, tzinfo=STOCKHOLM).astimezone(now.tzinfo),
    )


def _load_problem(agent, finance, fix, *, now):
    problem = problems.create_problem(
        agent,
        title="Fakturor fastnar i attestflödet",
        description="Flera användare rapporterar att fakturor inte går vidare efter attest.",
        now=now - timedelta(days=5),
    )
    incidents = db.session.scalars(
        select(Ticket).where(Ticket.service_id == finance.id).order_by(Ticket.id).limit(3)
    ).all()
    for ticket in incidents:
        problems.link_incident(problem, agent, ticket, now=now)
    problems.update_analysis(
        problem,
        agent,
        root_cause="Attestregeln saknade ersättare när ordinarie attestant var frånvarande.",
        workaround="Be ekonomichefen attestera manuellt.",
        known_error=True,
        now=now,
    )
    problems.link_fix(problem, agent, fix, now=now)
