"""Admin pages for calendars and policies: admins only, errors next to fields."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import func, select

from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, SlaPolicy

CALENDAR = {
    "name": "Skoltid",
    "timezone": "Europe/Stockholm",
    "swedish_holidays": "y",
    "mon": "08:00-12:00, 13:00-16:00",
    "tue": "08:00-16:00",
    "closed_dates": "2026-05-15 Klämdag",
    "short_days": "2026-12-23 14:00 Dag före julafton",
}


def _post(client, auth, path, data):
    return client.post(path, data={"csrf_token": auth.token(path), **data})


def test_admin_creates_and_edits_a_calendar(org, auth, client):
    auth.login(org.admin)
    page = _post(client, auth, "/admin/sla/calendars/new", CALENDAR)
    assert page.status_code == 302
    db.session.expire_all()
    cal = db.session.scalar(select(Calendar).where(Calendar.name == "Skoltid"))
    assert [(h.weekday, h.opens, h.closes) for h in cal.hours] == [
        (0, time(8), time(12)),
        (0, time(13), time(16)),
        (1, time(8), time(16)),
    ]
    assert [(c.day, c.reason) for c in cal.closed_dates] == [(date(2026, 5, 15), "Klämdag")]
    assert [(s.day, s.closes) for s in cal.short_days] == [(date(2026, 12, 23), time(14))]
    edit = client.get(f"/admin/sla/calendars/{cal.id}")
    assert "08:00-12:00, 13:00-16:00" in edit.text
    page = _post(client, auth, f"/admin/sla/calendars/{cal.id}", {**CALENDAR, "tue": ""})
    assert page.status_code == 302
    db.session.expire_all()
    assert len(db.session.get(Calendar, cal.id).hours) == 2


def test_bad_hours_show_error_next_to_field_and_save_nothing(org, auth, client):
    auth.login(org.admin)
    page = _post(client, auth, "/admin/sla/calendars/new", {**CALENDAR, "tue": "17:00-08:00"})
    assert page.status_code == 422
    assert 'id="tue-err"' in page.text and "Öppning måste vara före stängning" in page.text
    assert db.session.scalar(select(func.count()).select_from(Calendar)) == 0


def test_admin_creates_policy_and_bad_target_is_refused(org, auth, client):
    auth.login(org.admin)
    data = {"name": "Kritiska system", "warn_percent": "75", "pause_on_requester": "y"}
    for p in (1, 2, 3, 4):
        data |= {f"p{p}_fr": str(30 * p), f"p{p}_res": str(240 * p)}
    bad = _post(client, auth, "/admin/sla/policies/new", {**data, "p2_res": "0"})
    assert bad.status_code == 422 and 'id="p2_res-err"' in bad.text
    assert db.session.scalar(select(func.count()).select_from(SlaPolicy)) == 0
    good = _post(client, auth, "/admin/sla/policies/new", data)
    assert good.status_code == 302
    db.session.expire_all()
    policy = db.session.scalar(select(SlaPolicy))
    assert (policy.warn_percent, len(policy.targets)) == (75, 4)
    assert policy.targets[1].resolution_minutes == 480 and policy.targets[1].ola_minutes is None


def test_only_admins_reach_the_pages(org, auth, client):
    auth.login(org.agent)
    assert client.get("/admin/sla/").status_code == 403
    assert client.get("/admin/sla/calendars/new").status_code == 403
    auth.login(org.admin)
    page = client.get("/admin/sla/")
    assert page.status_code == 200 and "Servicenivåer" in page.text


def test_admin_keeps_the_short_day_rule_and_empties_one_year(org, auth, client):
    auth.login(org.admin)
    data = {**CALENDAR, "short_day_rule": "y", "short_days": "2030\n2026-12-23 14:00 Jul"}
    assert _post(client, auth, "/admin/sla/calendars/new", data).status_code == 302
    db.session.expire_all()
    cal = db.session.scalar(select(Calendar).where(Calendar.name == "Skoltid"))
    assert cal.short_day_rule and [y.year for y in cal.short_years] == [2026, 2030]
    edit = client.get(f"/admin/sla/calendars/{cal.id}")
    assert "2030\n2026-12-23 14:00 Jul" in edit.text
    bad = _post(client, auth, f"/admin/sla/calendars/{cal.id}", {**data, "short_days": "0202"})
    assert bad.status_code == 422 and 'id="short_days-err"' in bad.text


def test_a_target_beyond_64_bits_is_a_field_error(org, auth, client):
    auth.login(org.admin)
    data = {"name": "Stor", "warn_percent": "75", "pause_on_requester": "y"}
    for p in (1, 2, 3, 4):
        data |= {f"p{p}_fr": "30", f"p{p}_res": "240"}
    data["p1_res"] = "99999999999999999999999"
    page = _post(client, auth, "/admin/sla/policies/new", data)
    assert page.status_code == 422 and 'id="p1_res-err"' in page.text
    assert db.session.scalar(select(func.count()).select_from(SlaPolicy)) == 0
