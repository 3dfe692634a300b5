"""One visibility rule for managers (issue 13, finding 6; issue 16): the figures, every
list of them (drill-down, breach list, their CSV) and the ticket page cover the tickets of
`permissions.manager_remit` the manager may open, i.e. all of them except confidential
(KLASSA 4) ones that are not the manager's own. Confidential tickets are neither counted
nor listed nor hinted at."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from sqlalchemy import and_, select

from servicedesk.domain.permissions import can_view_ticket, ticket_visibility
from servicedesk.domain.reports import scope_for
from servicedesk.domain.reports.accountability import breach_list
from servicedesk.domain.reports.drill import DrillSpec, drill_condition, drill_down
from servicedesk.domain.reports.period import days
from servicedesk.infra.extensions import db
from servicedesk.models import Ticket
from tests.reports.conftest import T
from tests.reports.test_web import NOVEMBER, frozen  # noqa: F401

PERIOD = days(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def it_chief(org, manager_of):
    return manager_of(org.it)


def test_the_it_manager_drills_into_every_departments_ordinary_cases(org, data, it_chief):
    t = data.t
    result = drill_down(
        it_chief, scope_for(it_chief), PERIOD, DrillSpec("total", "first_response"), now=T(11, 26)
    )
    shown = {x.id for x in result.tickets}
    # the school platform (confidentiality 3) and a department queue's e-mail case are hers
    assert {t[2].id, t[3].id, t[4].id} <= shown
    assert t[5].id not in shown  # the care system (4) is not
    assert result.counted == len(shown)
    assert can_view_ticket(it_chief, t[3]) and not can_view_ticket(it_chief, t[5])


def test_the_it_managers_breach_list_holds_the_school_platforms_breach(org, data, it_chief):
    rows = breach_list(it_chief, scope_for(it_chief), PERIOD)
    assert data.t[3].id in {r.ticket_id for r in rows}  # resolution breached on 12 November
    assert data.t[5].id not in {r.ticket_id for r in rows}


def test_a_department_manager_sees_the_cases_its_queue_held_before(
    org, data, manager_of, make_ticket, make_timer
):
    moved = make_ticket(org.email, org.central, created=T(11, 16))
    make_timer(moved, "ola", elapsed=90, target=60, breached_at=T(11, 17), queue=org.buf_queue)
    db.session.commit()
    buf = manager_of(org.buf)
    spec = DrillSpec("breached", "ola", "queue", str(org.buf_queue.id))
    result = drill_down(buf, scope_for(buf), PERIOD, spec, now=T(11, 26))
    assert moved.id in {x.id for x in result.tickets} and result.counted == len(result.tickets)
    assert moved.id in {r.ticket_id for r in breach_list(buf, scope_for(buf), PERIOD)}


SPECS = [
    DrillSpec(measure, kind)
    for measure, kind in itertools.product(
        ("total", "met", "breached", "warned"), ("first_response", "resolution", "ola")
    )
] + [DrillSpec(m) for m in ("incoming", "resolved", "backlog", "reopened")]


@pytest.mark.parametrize("unit", ["it", "buf", "soc"])
def test_a_figure_counts_only_what_its_reader_may_open(org, data, manager_of, unit):
    manager = manager_of(getattr(org, unit))
    scope = scope_for(manager)
    for spec in SPECS:
        condition = drill_condition(spec, scope, PERIOD, now=T(11, 26))
        unlisted = db.session.scalars(
            select(Ticket).where(and_(condition, ~ticket_visibility(manager)))
        ).all()
        assert unlisted == [], (unit, spec)


def test_pages_and_csv_follow_the_same_rule(client, auth, org, data, it_chief, frozen):  # noqa: F811
    auth.login(it_chief)
    url = "/reports/tickets" + NOVEMBER + "&measure=total&kind=resolution&dim=service&key="
    school = client.get(url + str(org.school.id)).text
    assert data.t[3].reference in school and "visas inte" not in school
    care = client.get(url + str(org.care.id)).text
    assert data.t[5].reference not in care and "sekretessklassade" not in care
    assert data.t[3].reference in client.get("/reports/breaches" + NOVEMBER).text
    csv = client.get("/reports/export/breaches.csv" + NOVEMBER).data.decode("utf-8")
    assert data.t[3].reference in csv and data.t[5].reference not in csv
    assert client.get(f"/portal/tickets/{data.t[3].id}").status_code == 200
    assert client.get(f"/portal/tickets/{data.t[5].id}").status_code == 404
