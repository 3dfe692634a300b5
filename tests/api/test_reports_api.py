"""/api/v1/reports/sla: the reports page's figures, in the viewer's scope, managers only."""

from __future__ import annotations

from datetime import date

import pytest

from servicedesk.boundary.unit_of_work import now
from servicedesk.domain.reports import sla_report_json
from servicedesk.domain.reports.period import days
from tests.reports.conftest import calendar, data, make_ticket, make_timer  # noqa: F401

NOVEMBER = "/reports/sla?from=2026-11-01&to=2026-11-30"


@pytest.fixture
def november(request):
    """The reports tests' nine tickets around November 2026."""
    return request.getfixturevalue("data")


def _labels(report: dict) -> set[str]:
    return {row["label"] for row in report["compliance"]["service"]}


def test_admin_gets_the_figures_of_the_reports_page(api_as, org, november, conforms):
    body = conforms(api_as(org.admin).get(NOVEMBER), "SlaReport")
    school = next(r for r in body["compliance"]["service"] if r["label"] == "Skolplattformen")
    assert (school["res_total"], school["res_met"], school["res_share"]) == (2, 1, 0.5)
    assert body["business_minutes"]["overall"]["fr_p90"] == 375.0
    assert body["period"] == {
        "from": "2026-10-31T23:00:00+00:00",
        "to": "2026-11-30T23:00:00+00:00",
    }
    period = days(date(2026, 11, 1), date(2026, 11, 30))
    expected = sla_report_json(org.admin, period, now=now(), locale=org.admin.locale)
    assert body["compliance"] == expected["compliance"] and body["ola"] == expected["ola"]


def test_a_department_manager_sees_their_department_only(api_as, org, november, make_user):
    manager = make_user("Chef BUF", {"manager"}, org.buf)
    body = api_as(manager).get(NOVEMBER).get_json()
    everything = api_as(org.admin).get(NOVEMBER).get_json()
    assert "Skolplattformen" in _labels(body)
    assert _labels(body) < _labels(everything)
    assert [r["label"] for r in body["ola"]["by_queue"]] == ["BUF support"]


def test_only_managers_and_admins(api_as, org):
    for user in (org.employee, org.agent, org.soc_agent):
        response = api_as(user).get(NOVEMBER)
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "forbidden"
    assert api_as(org.employee).get("/reports/sla?from=x").status_code == 403


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("", {"from", "to"}),
        ("?from=2026-11-01", {"to"}),
        ("?from=2026-13-01&to=2026-11-30", {"from"}),
        ("?from=1.11.2026&to=2026-11-30", {"from"}),
        ("?from=2026-11-30&to=2026-11-01", {"to"}),
        ("?from=0001-01-01&to=9999-12-31", {"from", "to"}),
        ("?from=2020-01-01&to=2026-01-01", {"to"}),
        ("?from=2026-11-01&to=2026-11-30&unit=3", {"unit"}),
    ],
)
def test_bad_dates_are_422_with_fields(api_as, org, conforms, query, fields):
    response = api_as(org.admin).get(f"/reports/sla{query}")
    assert response.status_code == 422
    assert set(conforms(response, "Error")["error"]["fields"]) == fields
