"""Issue 16: every CSV file has exactly its page table's columns, the page leads with its
summary, weeks carry ISO numbers, the ongoing period is marked, and the breach list pages."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest

from servicedesk.web.reports.tables import TABLES
from tests.reports.test_web import NOVEMBER, frozen  # noqa: F401


class _Tables(HTMLParser):
    """The header cells (thead th) and body rows of every table with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: dict[str, list[str]] = {}
        self.rows: dict[str, int] = {}
        self._table = self._cell = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = attrs["id"]
            self.headers[self._table], self.rows[self._table] = [], 0
        elif tag == "thead":
            self._in_head = True
        elif tag == "th" and self._in_head and self._table:
            self._cell = []
        elif tag == "tr" and self._table and not self._in_head:
            self.rows[self._table] += 1

    def handle_endtag(self, tag):
        if tag == "th" and self._cell is not None:
            self.headers[self._table].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _page_tables(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    return parser


def _csv(client, name: str, query: str = NOVEMBER) -> list[list[str]]:
    response = client.get(f"/reports/export/{name}.csv" + query)
    assert response.status_code == 200, name
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_csv_has_exactly_its_tables_columns(client, auth, org, data, frozen, lang):  # noqa: F811
    from servicedesk.infra.extensions import db

    org.admin.locale = lang
    db.session.commit()
    auth.login(org.admin)
    html = client.get("/reports/" + NOVEMBER).text
    assert ("Första svar i tid" in html) == (lang == "sv")
    page = _page_tables(html)
    for name in TABLES:
        table_id = f"table-{name}"
        assert table_id in page.headers, table_id
        rows = _csv(client, name)
        assert rows[0] == page.headers[table_id], name
        assert len(rows) - 1 == page.rows[table_id] or page.rows[table_id] == 1, name
    breaches = _page_tables(client.get("/reports/breaches" + NOVEMBER).text)
    assert _csv(client, "breaches")[0] == breaches.headers["table-breaches"]


def test_the_summary_comes_before_the_charts_and_the_tables(client, auth, org, data, frozen):  # noqa: F811
    auth.login(org.admin)
    html = client.get("/reports/" + NOVEMBER).text
    assert html.index('id="kpi-h"') < html.index('id="charts-h"') < html.index('id="details-h"')
    for title in ("Första svar i tid", "Åtgärd i tid", "Överskridanden", "Öppen ärendebalans"):
        assert f'class="kpi-title">{title}<' in html
    assert "80,0 %" in html.split('id="charts-h"')[0]  # first response 4 of 5, in a tile
    assert html.count('<details class="report-section"') == 8
    assert "v. 48 (2026-11-23 – 2026-11-29) (pågående)" in html  # 26 November is in week 48
    assert "Pågående: siffrorna hittills." in html


def test_weeks_csv_has_iso_week_labels(client, auth, org, data, frozen):  # noqa: F811
    auth.login(org.admin)
    labels = [r[0] for r in _csv(client, "weeks")[1:]]
    assert labels[0] == "v. 44 (2026-10-26 – 2026-11-01)"
    assert labels[-1] == "v. 49 (2026-11-30 – 2026-12-06)"


def test_breach_list_page_size_and_pages(client, auth, org, data, frozen, make_ticket, make_timer):  # noqa: F811
    from servicedesk.infra.extensions import db
    from tests.reports.conftest import T

    for _ in range(30):
        ticket = make_ticket(org.email, org.central, created=T(11, 2))
        make_timer(ticket, "first_response", elapsed=70, target=60, breached_at=T(11, 3))
    db.session.commit()
    auth.login(org.admin)
    total = len(_csv(client, "breaches")) - 1
    first = _page_tables(client.get("/reports/breaches" + NOVEMBER).text)
    assert first.rows["table-breaches"] == 25
    html = client.get("/reports/breaches" + NOVEMBER + "&per_page=25&page=2").text
    assert _page_tables(html).rows["table-breaches"] == total - 25
    assert "Sida 2 av 2" in html and 'rel="prev"' in html
    big = _page_tables(client.get("/reports/breaches" + NOVEMBER + "&per_page=50").text)
    assert big.rows["table-breaches"] == total
