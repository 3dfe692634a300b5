"""Every grouping of the November 2026 report against figures computed by hand.

The data set is in conftest.Dataset. Period: November 2026 in Stockholm,
[2026-10-31 23:00 UTC, 2026-11-30 23:00 UTC). A timer counts in the month it was decided:
breached_at if breached, else met_at. In November:
  first response: t1 met, t2 breached, t3 met, t4 met, t5 met   (t6 met in Oct; t7 breached
                  31 Oct 23:30 local, so October although it stopped on 2 Nov)
  resolution:     t1 met, t2 met, t3 breached (still running), t4 met, t5 met  (t6 running)
"""

from __future__ import annotations

from datetime import date

import pytest

from servicedesk.domain.reports import scope_for
from servicedesk.domain.reports.accountability import breach_list, ola_compliance
from servicedesk.domain.reports.compliance import compliance, totals
from servicedesk.domain.reports.dimensions import get_dimension
from servicedesk.domain.reports.flow import backlog, incoming_resolved, reopen_rate, satisfaction
from servicedesk.domain.reports.period import days, preset
from servicedesk.domain.reports.times import business_times, interpolate
from servicedesk.domain.reports.trends import monthly_trend
from tests.reports.conftest import T

NOVEMBER = days(date(2026, 11, 1), date(2026, 11, 30))


def figures(org, dim):
    rows = compliance(scope_for(org.admin), NOVEMBER, get_dimension(dim))
    return {
        r.label: (r.fr_total, r.fr_met, r.res_total, r.res_met, r.breaches, r.warnings)
        for r in rows
    }


def test_period_is_local_november():
    assert NOVEMBER.start == T(10, 31, 23) and NOVEMBER.end == T(11, 30, 23)
    assert preset("last_month", now=T(11, 26)) == days(date(2026, 10, 1), date(2026, 10, 31))
    assert preset("last_quarter", now=T(11, 26)) == days(date(2026, 7, 1), date(2026, 9, 30))
    assert preset("this_month", now=T(11, 26)) == NOVEMBER


@pytest.mark.parametrize(
    ("dim", "expected"),
    [
        # (first response total, met, resolution total, met, breaches, warnings)
        (
            "service",
            {
                "Nätverk": (1, 1, 1, 1, 0, 0),
                "E-post": (1, 0, 1, 1, 1, 2),
                "Skolplattformen": (2, 2, 2, 1, 1, 0),
                "Vårdsystemet": (1, 1, 1, 1, 0, 0),
            },
        ),
        (
            "queue",
            {
                "Servicedesk": (1, 1, 1, 1, 0, 0),
                "BUF support": (3, 2, 3, 2, 2, 2),
                "SOC systemstöd": (1, 1, 1, 1, 0, 0),
            },
        ),
        (
            "unit",
            {
                "IT-enheten": (2, 1, 2, 2, 1, 2),
                "Barn- och utbildningsförvaltningen": (2, 2, 2, 1, 1, 0),
                "Socialförvaltningen": (1, 1, 1, 1, 0, 0),
            },
        ),
        (
            "priority",
            {
                "1 Kritisk": (1, 1, 1, 1, 0, 0),
                "2 Hög": (1, 0, 1, 1, 1, 2),
                "3 Normal": (3, 3, 3, 2, 1, 0),
            },
        ),
        ("type", {"Incident": (3, 3, 3, 2, 1, 0), "Beställning": (2, 1, 2, 2, 1, 2)}),
    ],
)
def test_compliance_per_grouping(app, org, data, dim, expected):
    assert figures(org, dim) == expected


def test_totals_and_shares(app, org, data):
    rows = compliance(scope_for(org.admin), NOVEMBER, get_dimension("service"))
    total = totals(rows, "Totalt")
    assert (total.fr_total, total.fr_met, total.res_total, total.res_met) == (5, 4, 5, 4)
    assert (total.breaches, total.warnings) == (2, 2)
    assert total.fr_share == pytest.approx(0.8)


def test_interpolation_method():
    values = dict(enumerate([200, 400, 600, 1000]))
    assert interpolate(values, 4, 5) == pytest.approx(500)  # h = 1.5
    assert interpolate(values, 4, 9) == pytest.approx(880)  # h = 2.7: 600 + 0.7 * 400
    assert interpolate({0: 7.0}, 1, 9) == 7.0


def test_percentiles_overall_and_per_service(app, org, data):
    scope = scope_for(org.admin)
    # Stopped in November (met_at), late or not. First response: 10, 30, 60, 120, 150, 600 (t7).
    overall = business_times(scope, NOVEMBER, None)[0]
    # Exact: 90 and 375; from the buckets (1 minute under an hour, then 5, 15, …): the values
    # of a bucket placed evenly from its lower bound, so off by less than a bucket's width.
    assert (overall.fr_count, overall.fr_p50, overall.fr_p90) == (6, 90.0, 375.0)
    # Resolution: 200, 400, 600, 1000 (t3 still runs); exact p90 880 (600 + 0.7 · 400),
    # approximately 600 + 0.7 · 360 = 852 (1000 is in the bucket [960, 1040)).
    assert (overall.res_count, overall.res_p50, overall.res_p90) == (4, 500.0, 852.0)
    school = {r.label: r for r in business_times(scope, NOVEMBER, get_dimension("service"))}[
        "Skolplattformen"
    ]
    # 10, 60, 600: median 60; p90 at h = 1.8: 60 + 0.8 * 540 = 492.
    assert (school.fr_p50, school.fr_p90) == (60.0, 492.0)
    assert (school.res_count, school.res_p50) == (1, 200.0)


def test_backlog_buckets(app, org, data):
    rows = {r.label: r.buckets for r in backlog(scope_for(org.admin), now=T(11, 26))}
    # t8 created 2 h ago, t9 2 days ago (pending counts), t3 17 days, t6 42 days.
    assert rows["Servicedesk"] == {"d0": 1, "d1": 1, "d3": 0, "d7": 0, "d30": 0}
    assert rows["BUF support"] == {"d0": 0, "d1": 0, "d3": 0, "d7": 1, "d30": 1}
    assert "SOC systemstöd" not in rows  # t5 is resolved


def test_incoming_and_resolved_per_week(app, org, data):
    weeks = incoming_resolved(scope_for(org.admin), NOVEMBER)
    got = [(w.start.date().isoformat(), w.incoming, w.resolved) for w in weeks]
    # Weeks start Monday 00:00 Stockholm (Sunday 23:00 UTC in winter).
    assert got == [
        ("2026-10-25", 0, 0),
        ("2026-11-01", 2, 3),  # t1, t2 created; t1, t2, t7 resolved
        ("2026-11-08", 3, 1),  # t3, t4, t5 created; t4 resolved
        ("2026-11-15", 0, 1),  # t5 resolved
        ("2026-11-22", 2, 0),  # t8, t9 created
        ("2026-11-29", 0, 0),
    ]


def test_reopen_rate(app, org, data):
    rows = {
        r.label: (r.total, r.part)
        for r in reopen_rate(scope_for(org.admin), NOVEMBER, get_dimension("service"))
    }
    # Resolved in November: t1, t2, t3 (then reopened), t4, t5, t7.
    assert rows == {
        "Nätverk": (1, 0),
        "E-post": (1, 0),
        "Skolplattformen": (3, 1),
        "Vårdsystemet": (1, 0),
    }


def test_satisfaction(app, org, data):
    rows = {
        r.label: (r.total, r.part, r.score)
        for r in satisfaction(scope_for(org.admin), NOVEMBER, get_dimension("service"))
    }
    assert rows == {
        "Nätverk": (1, 1, 5.0),
        "E-post": (1, 0, None),
        "Skolplattformen": (2, 2, 3.5),
        "Vårdsystemet": (1, 0, None),
    }


def test_ola_is_charged_to_the_queue_that_held_the_ticket(app, org, data, manager_of):
    by_queue = {
        r.label: (r.total, r.met, r.breached)
        for r in ola_compliance(scope_for(org.admin), NOVEMBER, by="queue")
    }
    assert by_queue == {
        "Servicedesk": (1, 1, 0),
        "BUF support": (2, 1, 1),
        "SOC systemstöd": (1, 0, 1),
    }
    by_unit = {
        r.label: (r.total, r.breached)
        for r in ola_compliance(scope_for(org.admin), NOVEMBER, by="unit")
    }
    assert by_unit == {
        "IT-enheten": (1, 0),
        "Barn- och utbildningsförvaltningen": (2, 1),
        "Socialförvaltningen": (1, 1),
    }
    buf = scope_for(manager_of(org.buf))
    assert [r.label for r in ola_compliance(buf, NOVEMBER, by="queue")] == ["BUF support"]


def test_breach_list(app, org, data):
    rows = breach_list(org.admin, scope_for(org.admin), NOVEMBER)
    got = [(r.ticket_id, r.kind, r.queue, r.late_minutes) for r in rows]
    t = data.t
    assert got == [
        (t[2].id, "first_response", "BUF support", 30.0),  # stopped 150 of 120
        (t[2].id, "ola", "BUF support", 30.0),
        (t[3].id, "resolution", "BUF support", None),  # still running
        (t[5].id, "ola", "SOC systemstöd", 100.0),
    ]
    assert rows[0].assignee == "Bo BUF" and rows[0].service == "E-post"


def test_monthly_trend(app, org, data):
    trend = monthly_trend(scope_for(org.admin), now=T(11, 26))
    assert len(trend) == 12 and trend[-1].month == date(2026, 11, 1)
    nov, oct_ = trend[-1], trend[-2]
    assert (nov.fr_total, nov.fr_met, nov.res_total, nov.res_met, nov.breaches) == (5, 4, 5, 4, 2)
    assert (nov.incoming, nov.resolved) == (7, 5)
    # October: t6 first response met, t7 first response breached.
    assert (oct_.fr_total, oct_.fr_met, oct_.breaches, oct_.incoming) == (2, 1, 1, 2)


def test_sla_report_json_has_the_same_figures(app, org, data):
    import json

    from servicedesk.domain.reports import sla_report_json

    report = sla_report_json(org.admin, NOVEMBER, now=T(11, 26))
    json.dumps(report)  # plain JSON
    school = next(r for r in report["compliance"]["service"] if r["label"] == "Skolplattformen")
    assert (school["res_total"], school["res_met"], school["res_share"]) == (2, 1, 0.5)
    assert report["business_minutes"]["overall"]["fr_p90"] == 375.0
    assert report["period"]["from"] == "2026-10-31T23:00:00+00:00"


def test_non_managers_get_no_report(app, org):
    from servicedesk.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        scope_for(org.agent)
