"""The fast paths of the template helpers give what Flask-Babel gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import render_template_string
from flask_babel import force_locale, format_datetime

from servicedesk.web.helpers import localtime


def test_localtime_equals_babel_across_dst_and_odd_years(app):
    instants = [datetime(2026, 3, 29, 0, tzinfo=UTC) + timedelta(minutes=17 * i) for i in range(40)]
    instants += [
        datetime(2026, 10, 25, 0, tzinfo=UTC) + timedelta(minutes=13 * i) for i in range(40)
    ]
    instants += [datetime(202, 3, 4, 5, 6, tzinfo=UTC), datetime(2030, 1, 1, 12, 0)]  # naive too
    with app.test_request_context():
        for locale in ("sv", "en"):
            with force_locale(locale):
                for at in instants:
                    assert localtime(at) == format_datetime(at, "yyyy-MM-dd HH:mm"), at


def test_template_strings_follow_the_locale_within_one_request(app):
    with app.test_request_context("/", headers={"Accept-Language": "sv"}):
        with force_locale("sv"):
            assert render_template_string("{{ _('Due') }}") == "Måldatum"
        with force_locale("en"):
            assert render_template_string("{{ _('Due') }}") == "Due"
        with force_locale("sv"):
            assert render_template_string("{{ _('Due') }}") == "Måldatum"
