"""The change calendar numbers its weeks as ISO 8601 does: Monday first, week 1 holds
the year's first Thursday."""

from __future__ import annotations

import re


def _week_rows(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'class="week-number">.*?</span>(\d+)</th>', html)]


def test_month_view_numbers_each_row_by_its_iso_week(world, client, auth):
    auth.login(world.org.agent)
    html = client.get("/changes/calendar?date=2026-12-10").text
    # December 2026 starts on a Tuesday: rows from Monday 30 Nov (week 49) to week 53
    assert _week_rows(html) == [49, 50, 51, 52, 53]
    assert '<th scope="col">Vecka</th>' in html
    headers = re.findall(r'<th scope="col">(\w+)</th>', html.split("<thead>")[-1])[:8]
    assert headers[1].lower() == "mån" and headers[-1].lower() == "sön"  # Monday first
    january = client.get("/changes/calendar?date=2027-01-15").text
    assert _week_rows(january)[0] == 53  # 1 January 2027 is a Friday of week 53 of 2026


def test_week_view_names_the_week_in_the_heading(world, client, auth):
    auth.login(world.org.agent)
    html = client.get("/changes/calendar?view=week&date=2026-12-31").text
    assert "Vecka 53, 28 december – 3 januari 2027" in html
    assert _week_rows(html) == [53]
