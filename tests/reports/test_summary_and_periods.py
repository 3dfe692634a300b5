"""Issue 16 in the domain, without HTTP: ISO weeks (year boundary, DST), the partial period,
percentiles computed in the database equal to the exact sort, the summary against the
previous period, and the breach list (one row per case and clock, paged, stable)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicedesk.domain.reports import build_report, preset, scope_for
from servicedesk.domain.reports.accountability import breach_list, breach_page
from servicedesk.domain.reports.dimensions import get_dimension
from servicedesk.domain.reports.flow import incoming_resolved
from servicedesk.domain.reports.period import LOCAL, days, iso_week, week_boundaries
from servicedesk.domain.reports.times import business_times_with_overall
from servicedesk.infra.extensions import db
from servicedesk.models.report_figures import bucket_of
from tests.reports.conftest import T

NOVEMBER = days(date(2026, 11, 1), date(2026, 11, 30))


def test_weeks_start_on_monday_with_iso_numbers_across_the_year_boundary():
    period = days(date(2026, 12, 14), date(2027, 1, 17))
    bounds = week_boundaries(period)
    local = [b.astimezone(LOCAL) for b in bounds]
    assert all(d.weekday() == 0 and (d.hour, d.minute) == (0, 0) for d in local)
    assert [iso_week(b) for b in bounds[:-1]] == [
        (2026, 51),
        (2026, 52),
        (2026, 53),  # 2026 has 53 ISO weeks: 1 January 2026 is a Thursday
        (2027, 1),  # Monday 4 January 2027
        (2027, 2),
    ]
    assert iso_week(datetime(2024, 12, 30, 9, tzinfo=UTC)) == (2025, 1)


def test_a_week_across_the_spring_dst_change_is_one_local_week():
    period = days(date(2027, 3, 22), date(2027, 4, 4))  # summer time from 28 March 2027
    bounds = week_boundaries(period)
    assert [b.astimezone(LOCAL).date() for b in bounds] == [
        date(2027, 3, 22),
        date(2027, 3, 29),
        date(2027, 4, 5),
    ]
    assert bounds[1] - bounds[0] == timedelta(days=7, hours=-1)  # one hour shorter
    assert [iso_week(b)[1] for b in bounds[:-1]] == [12, 13]
    # the UTC instant of a Monday midnight is a Sunday: the label must not be
    assert bounds[1].date() == date(2027, 3, 28) and iso_week(bounds[1]) == (2027, 13)


def test_a_week_row_knows_its_iso_week(app, org):
    weeks = incoming_resolved(scope_for(org.admin), NOVEMBER)
    assert [w.iso_week[1] for w in weeks] == [44, 45, 46, 47, 48, 49]
    assert all(w.end == n.start for w, n in zip(weeks, weeks[1:], strict=False))


def test_the_current_period_is_partial_and_a_past_one_is_not():
    now = datetime(2026, 12, 6, 21, 0, tzinfo=UTC)
    assert preset("this_month", now=now).is_partial(now)
    assert not preset("last_month", now=now).is_partial(now)
    assert not days(date(2026, 12, 7), date(2026, 12, 31)).is_partial(now)  # not begun


def test_previous_period_is_the_same_length_before():
    assert NOVEMBER.previous() == days(date(2026, 10, 1), date(2026, 10, 31))
    quarter = days(date(2026, 7, 1), date(2026, 9, 30))
    assert quarter.previous() == days(date(2026, 4, 1), date(2026, 6, 30))
    week = days(date(2026, 11, 9), date(2026, 11, 15))
    assert week.previous() == days(date(2026, 11, 2), date(2026, 11, 8))


def _exact(values: list[float], tenths: int) -> float:
    """The previous implementation's method: sort every value, interpolate between closest
    ranks (exact rational position)."""
    ordered = sorted(values)
    h = Fraction(tenths, 10) * (len(ordered) - 1)
    low, high = int(h), -(-h.numerator // h.denominator)
    return round(ordered[low] + float(h - low) * (ordered[high] - ordered[low]), 1)


EXAMPLES = itertools.count()
minutes = st.lists(
    st.floats(min_value=0, max_value=20_000, allow_nan=False).map(lambda v: round(v, 1)),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(network=minutes, email=minutes)
def test_percentiles_from_the_buckets_are_within_a_bucket_of_the_exact_sort(
    app, org, make_ticket, make_timer, network, email
):
    day = date(2020, 1, 1) + timedelta(days=next(EXAMPLES))  # each example its own day
    stop = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    for service, values in ((org.school, network), (org.email, email)):
        for i, value in enumerate(values):
            ticket = make_ticket(service, org.central, created=stop - timedelta(hours=1))
            make_timer(
                ticket, "resolution", elapsed=value, target=60, met_at=stop + timedelta(minutes=i)
            )
    rows, overall = business_times_with_overall(
        scope_for(org.admin), days(day, day), get_dimension("service")
    )
    by_service = {r.key: r for r in rows}
    for service, values in ((org.school, network), (org.email, email)):
        row = by_service[service.id]
        assert row.res_count == len(values)
        _close(row.res_p50, values, 5)
        _close(row.res_p90, values, 9)
    assert overall.res_count == len(network) + len(email)
    _close(overall.res_p50, network + email, 5)
    _close(overall.res_p90, network + email, 9)


def _close(approx: float, values: list[float], tenths: int) -> None:
    """From the buckets: off by less than the widest bucket of the two ranks interpolated
    (and the rounding to a tenth)."""
    ordered = sorted(values)
    h = Fraction(tenths, 10) * (len(ordered) - 1)
    low, high = int(h), -(-h.numerator // h.denominator)
    width = max(bucket_of(ordered[low])[1], bucket_of(ordered[high])[1])
    assert abs(approx - _exact(values, tenths)) <= width + 0.1


def test_summary_compares_with_the_previous_period(app, org, data, make_ticket, make_timer):
    october = make_ticket(org.email, org.central, created=T(10, 5), status="closed")
    make_timer(october, "first_response", elapsed=10, target=60, met_at=T(10, 6))
    make_timer(october, "resolution", elapsed=90, target=60, breached_at=T(10, 7))
    db.session.commit()
    report = build_report(org.admin, NOVEMBER, now=T(11, 26))
    s = report.summary
    assert s.partial and s.previous == days(date(2026, 10, 1), date(2026, 10, 31))
    october_total = build_report(org.admin, s.previous, now=T(11, 26)).total
    assert (s.fr.before, s.res.before, s.breaches_before) == (
        october_total.fr_share,
        october_total.res_share,
        october_total.breaches,
    )
    assert october_total.breaches >= 1  # the case added above
    assert s.fr.now == report.total.fr_share and s.fr_decided == report.total.fr_total
    assert s.fr.points == round((report.total.fr_share - october_total.fr_share) * 100, 1)
    assert s.breaches == report.total.breaches
    assert s.backlog == sum(r.total for r in report.backlog)
    oldest = min(
        (t for t in data.t.values() if t.status in ("new", "open", "pending")),
        key=lambda t: (t.created_at, t.id),
    )
    assert s.oldest.ticket_id == oldest.id
    assert s.answers == sum(r.part for r in report.satisfaction)


def test_breach_list_is_one_row_per_case_and_clock(app, org, data, make_ticket, make_timer):
    moved = make_ticket(org.email, org.central, created=T(11, 10))
    make_timer(moved, "ola", elapsed=90, target=60, breached_at=T(11, 11), queue=org.central)
    make_timer(moved, "ola", elapsed=80, target=60, breached_at=T(11, 12), queue=org.central)
    make_timer(moved, "resolution", elapsed=900, target=540, breached_at=T(11, 13))
    db.session.commit()
    rows = breach_list(org.admin, scope_for(org.admin), NOVEMBER)
    keys = [(r.ticket_id, r.kind) for r in rows]
    assert len(keys) == len(set(keys))
    assert [(r.kind, r.breached_at) for r in rows if r.ticket_id == moved.id] == [
        ("ola", T(11, 11)),  # its first OLA breach, once
        ("resolution", T(11, 13)),
    ]
    order = [(r.breached_at, r.ticket_id, r.kind) for r in rows]
    assert order == sorted(order)


def test_breach_list_pages_are_stable_and_cover_every_row_once(app, org, make_ticket, make_timer):
    for i in range(60):
        ticket = make_ticket(org.email, org.central, created=T(11, 2))
        make_timer(ticket, "first_response", elapsed=70, target=60, breached_at=T(11, 3, 9, i % 3))
    db.session.commit()
    scope = scope_for(org.admin)
    everything = breach_list(org.admin, scope, NOVEMBER)
    pages = [breach_page(org.admin, scope, NOVEMBER, page=p, per_page=25) for p in (1, 2, 3)]
    assert [p.total for p in pages] == [60] * 3 and pages[0].pages == 3
    assert [len(p.rows) for p in pages] == [25, 25, 10]
    assert [r.ticket_id for p in pages for r in p.rows] == [r.ticket_id for r in everything]
    again = breach_page(org.admin, scope, NOVEMBER, page=2, per_page=25)
    assert [r.ticket_id for r in again.rows] == [r.ticket_id for r in pages[1].rows]
    assert breach_page(org.admin, scope, NOVEMBER, page=9, per_page=50).page == 2  # last
    assert breach_page(org.admin, scope, NOVEMBER, per_page=7).per_page == 25  # 25/50/100
