"""Numbers, money, file sizes and percentages as each language writes them."""

from __future__ import annotations

import pytest

from servicedesk.infra.i18n import (
    format_file_size,
    format_money,
    format_number,
    format_percent_value,
)

NB = "\u00a0"  # Babel separates thousands and units with a no-break space


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("sv", [f"25{NB}000", "2,5", "0,3", "–"]),
        ("en", ["25,000", "2.5", "0.3", "–"]),
    ],
)
def test_numbers(locale, expected):
    got = [
        format_number(25000, locale),
        format_number(2.5, locale),
        format_number(0.3, locale, decimals=1),
        format_number(None, locale),
    ]
    assert got == expected


def test_money():
    assert format_money(25000, "sv") == f"25{NB}000{NB}kr"
    assert format_money(1234.5, "sv") == f"1{NB}234,50{NB}kr"
    assert format_money(25000, "en") == f"SEK{NB}25,000"
    assert format_money(1234.5, "en") == f"SEK{NB}1,234.50"
    assert format_money(None, "sv") == "–"


def test_file_sizes():
    assert format_file_size(300, "sv") == f"300{NB}B"
    assert format_file_size(1536, "sv") == f"1,5{NB}kB"
    assert format_file_size(1536, "en") == f"1.5{NB}kB"
    assert format_file_size(5 * 1024 * 1024, "sv") == f"5,0{NB}MB"
    assert format_file_size(3 * 1024**3, "en") == f"3.0{NB}GB"


def test_percentages():
    assert format_percent_value(0.8, "sv") == f"80{NB}%"
    assert format_percent_value(0.8, "en") == "80%"
    assert format_percent_value(0.2534, "sv", decimals=1) == f"25,3{NB}%"
    assert format_percent_value(0.2534, "en", decimals=1) == "25.3%"
    assert format_percent_value(None, "en") == "–"


def test_filters_follow_the_request_language(app):
    from flask import render_template_string
    from flask_babel import force_locale

    template = "{{ 25000|money }} {{ 1536|filesize }} {{ 0.8|percent }} {{ 12345|number }}"
    with app.test_request_context():
        with force_locale("sv"):
            assert render_template_string(template) == (
                f"25{NB}000{NB}kr 1,5{NB}kB 80{NB}% 12{NB}345"
            )
        with force_locale("en"):
            assert render_template_string(template) == f"SEK{NB}25,000 1.5{NB}kB 80% 12,345"
