"""The reports pages through the test client: access, figures on the page, drill-down, CSV."""

from __future__ import annotations

import re

import pytest

from servicedesk.domain.reports.export import BOM

NOVEMBER = "?preset=custom&start=2026-11-01&end=2026-11-30"


@pytest.fixture
def frozen(monkeypatch):
    from servicedesk.web.reports import views as reports
    from tests.reports.conftest import T

    monkeypatch.setattr(reports, "now", lambda: T(11, 26))


def test_only_managers_and_admins_see_reports(client, auth, org, data):
    auth.login(org.agent)
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/export/times.csv").status_code == 403
    assert ">Rapporter<" not in client.get("/desk/").text


def test_report_page_shows_chart_data_and_tables(client, auth, org, data, frozen):
    auth.login(org.admin)
    page = client.get("/reports/" + NOVEMBER)
    assert page.status_code == 200
    html = page.text
    assert ">Rapporter<" in html  # nav entry
    assert 'type="application/json" id="chart-compliance-data"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "<script>" not in html
    table = html.split('id="table-compliance-service"')[1].split("</table>")[0]
    # E-post: first response 1 timer, 0 met, 0 %; resolution 1 of 1.
    row = table.split("E-post</th>")[1].split("</tr>")[0]
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells] == [
        "1",
        "0",
        "0,0 %",
        "1",
        "1",
        "100,0 %",
        "1",
        "0",
        "2",
    ]
    assert "80,0 %" in html  # first response overall: 4 of 5


def test_breach_count_drills_down_to_its_tickets(client, auth, org, data, frozen):
    auth.login(org.admin)
    html = client.get("/reports/" + NOVEMBER).text
    table = html.split('id="table-compliance-service"')[1].split("</table>")[0]
    row = table.split("Skolplattformen</th>")[1].split("</tr>")[0]
    link = re.findall(r'href="([^"]*measure=breached[^"]*kind=resolution[^"]*)"', row)
    assert link, row
    listing = client.get(link[0].replace("&amp;", "&")).text
    assert data.t[3].reference in listing
    assert data.t[4].reference not in listing


def test_csv_is_safe_utf8_with_bom(client, auth, org, data, frozen, make_service):
    auth.login(org.admin)
    data.network.name_sv = '=HYPERLINK("http://x")'
    from servicedesk.infra.extensions import db

    db.session.commit()
    response = client.get("/reports/export/compliance-service.csv" + NOVEMBER)
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith(BOM)
    assert (
        "Skolplattformen;2;2;100,0;2;1;50,0;0;1;0" in text
    )  # breaches: first response 0, resolution 1
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
    assert "Vårdsystemet" in text


def test_breach_list_page(client, auth, org, data, frozen):
    auth.login(org.admin)
    html = client.get("/reports/breaches" + NOVEMBER).text
    assert data.t[2].reference in html and "Bo BUF" in html
    assert "fortfarande igång" in html  # t3's resolution still runs


def test_department_manager_sees_only_their_department(client, auth, org, data, frozen, manager_of):
    auth.login(manager_of(org.buf))
    html = client.get("/reports/" + NOVEMBER).text
    table = html.split('id="table-compliance-service"')[1].split("</table>")[0]
    assert "Skolplattformen" in table and "E-post" in table  # E-post ticket t2 in BUF's queue
    assert "Vårdsystemet" not in table and "Nätverk" not in table


def test_confidential_tickets_are_neither_counted_nor_listed(
    client, auth, org, data, frozen, manager_of
):
    auth.login(manager_of(org.soc))
    url = "/reports/tickets" + NOVEMBER + "&measure=total&kind=first_response&dim=service&key="
    html = client.get(url + str(org.care.id)).text
    assert data.t[5].reference not in html
    assert "0 ärenden bakom" in html and "visas inte" not in html
    report = client.get("/reports/" + NOVEMBER).text
    assert "Vårdsystemet" not in report.split('id="table-compliance-service"')[1]


def test_subscribe_and_unsubscribe(client, auth, org, make_user):
    from servicedesk.domain.reports.monthly import is_subscribed
    from servicedesk.infra.extensions import db

    boss = make_user("Chef IT", {"manager"}, org.it)
    db.session.commit()
    auth.login(boss)
    token = auth.token("/reports/")
    client.post("/reports/subscription", data={"csrf_token": token, "active": "1"})
    db.session.expire_all()
    assert is_subscribed(boss)
    client.post("/reports/subscription", data={"csrf_token": token, "active": "0"})
    db.session.expire_all()
    assert not is_subscribed(boss)


def test_period_picker_presets_and_bad_dates(client, auth, org, data, frozen):
    auth.login(org.admin)
    assert "Perioden 2026-10-01 till 2026-10-31." in client.get("/reports/").text
    html = client.get("/reports/?preset=last_quarter").text
    assert "Perioden 2026-07-01 till 2026-09-30." in html
    html = client.get("/reports/?preset=custom&start=2026-11-30&end=2026-11-01").text
    assert "Slutdatumet är före startdatumet." in html
    assert "Perioden 2026-10-01 till 2026-10-31." in html  # falls back to last month


def test_breach_csv_unknown_table_and_bad_drill(client, auth, org, data, frozen):
    auth.login(org.admin)
    response = client.get("/reports/export/breaches.csv" + NOVEMBER)
    text = response.data.decode("utf-8")
    assert text.startswith(BOM) and data.t[2].reference in text
    assert client.get("/reports/export/nonsense.csv" + NOVEMBER).status_code == 404
    assert client.get("/reports/tickets" + NOVEMBER + "&measure=total&kind=x").status_code == 404


def test_week_figures_drill_down_to_that_week(client, auth, org, data, frozen):
    auth.login(org.admin)
    html = client.get("/reports/" + NOVEMBER).text
    # Week of 2 November: t1 and t2 registered.
    link = re.search(r'href="([^"]*measure=incoming[^"]*start=2026-11-02[^"]*)"', html)
    assert link, "no drill-down link for the week of 2 November"
    assert "end=2026-11-08" in link.group(1)
    listing = client.get(link.group(1).replace("&amp;", "&")).text
    assert data.t[1].reference in listing and data.t[2].reference in listing
    assert data.t[3].reference not in listing


def test_week_drill_periods_are_cut_to_the_report_period(app, org, data):
    from datetime import date

    from servicedesk.domain.reports import build_report
    from servicedesk.domain.reports.period import days
    from servicedesk.web.reports.views import week_args
    from tests.reports.conftest import T

    report = build_report(org.admin, days(date(2026, 11, 1), date(2026, 11, 30)), now=T(11, 26))
    weeks = week_args(report)
    assert weeks[0] == {"preset": "custom", "start": "2026-11-01", "end": "2026-11-01"}
    assert weeks[1]["start"] == "2026-11-02" and weeks[1]["end"] == "2026-11-08"
    assert weeks[-1] == {"preset": "custom", "start": "2026-11-30", "end": "2026-11-30"}
