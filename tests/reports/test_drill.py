"""Drill-down lists hold exactly the tickets behind each figure, within scope and visibility."""

from __future__ import annotations

from datetime import date

from servicedesk.domain.reports import scope_for
from servicedesk.domain.reports.drill import DrillSpec, drill_down
from servicedesk.domain.reports.period import days
from tests.reports.conftest import T

NOVEMBER = days(date(2026, 11, 1), date(2026, 11, 30))


def ids(user, spec):
    result = drill_down(user, scope_for(user), NOVEMBER, spec, now=T(11, 26))
    return {t.id for t in result.tickets}, result.counted


def test_timer_measures_per_grouping(app, org, data):
    t = data.t
    admin = org.admin
    assert ids(admin, DrillSpec("breached", "first_response"))[0] == {t[2].id}
    assert ids(admin, DrillSpec("met", "resolution", "priority", "3"))[0] == {t[1].id, t[5].id}
    assert ids(admin, DrillSpec("warned", "resolution"))[0] == {t[2].id}
    assert ids(admin, DrillSpec("total", "first_response", "unit", str(org.it.id)))[0] == {
        t[1].id,
        t[2].id,
    }


def test_ola_backlog_flow_and_reopened(app, org, data):
    t = data.t
    admin = org.admin
    assert ids(admin, DrillSpec("breached", "ola", "queue", str(org.buf_queue.id)))[0] == {t[2].id}
    assert ids(admin, DrillSpec("breached", "ola", "ola_unit", str(org.soc.id)))[0] == {t[5].id}
    assert ids(admin, DrillSpec("backlog", "", "queue", str(org.buf_queue.id), "d30"))[0] == {
        t[6].id
    }
    assert ids(admin, DrillSpec("reopened"))[0] == {t[3].id}
    assert len(ids(admin, DrillSpec("incoming"))[0]) == 7
    assert ids(admin, DrillSpec("resolved", "", "service", str(org.school.id)))[0] == {
        t[4].id,
        t[7].id,
    }


def test_department_manager_drill_is_scoped_and_confidential_hidden(app, org, data, manager_of):
    t = data.t
    buf = manager_of(org.buf)
    assert ids(buf, DrillSpec("total", "first_response"))[0] == {t[2].id, t[3].id, t[4].id}
    soc = manager_of(org.soc)
    # Vårdsystemet is confidential (4) and not hers: neither listed nor counted
    assert ids(soc, DrillSpec("total", "resolution")) == (set(), 0)


def test_invalid_specs():
    assert not DrillSpec("total", "bogus").is_valid()
    assert not DrillSpec("backlog", bucket="d99").is_valid()
    assert not DrillSpec("nonsense").is_valid()
    assert DrillSpec("breached", "ola").is_valid()
