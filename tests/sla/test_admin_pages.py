"""Admin pages for calendars and policies: admins only, errors next to fields."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import func, select

from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, CalendarHours, SlaPolicy

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


def _policy_data(**targets) -> dict:
    data = {"name": "Kritiska system", "warn_percent": "75", "pause_on_requester": "y"}
    for p in (1, 2, 3, 4):
        data |= {f"p{p}_fr": str(p), f"p{p}_fr_unit": "hours"}
        data |= {f"p{p}_res": str(p), f"p{p}_res_unit": "working_days"}
    return data | targets


def test_admin_creates_policy_and_bad_target_is_refused(org, auth, client):
    auth.login(org.admin)
    data = _policy_data(p1_fr="0,5")
    bad = _post(client, auth, "/admin/sla/policies/new", {**data, "p2_res": "0"})
    assert bad.status_code == 422 and 'id="p2_res-err"' in bad.text
    assert "Ange en tid över noll." in bad.text
    assert 'value="0,5"' in bad.text  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(SlaPolicy)) == 0
    good = _post(client, auth, "/admin/sla/policies/new", data)
    assert good.status_code == 302
    db.session.expire_all()
    policy = db.session.scalar(select(SlaPolicy))
    assert (policy.warn_percent, len(policy.targets)) == (75, 4)
    # no default calendar here: a working day is 9 hours (Kontorstid 08-17)
    assert policy.targets[0].first_response_minutes == 30
    assert policy.targets[1].resolution_minutes == 2 * 540 and policy.targets[1].ola_minutes is None


def test_targets_are_shown_as_typed_in_the_form_and_the_list(org, auth, client):
    auth.login(org.admin)
    data = _policy_data(p1_fr="1,5", p1_ola="45", p1_ola_unit="minutes", p4_res="2,5")
    data["p4_res_unit"] = "hours"
    assert _post(client, auth, "/admin/sla/policies/new", data).status_code == 302
    policy = db.session.scalar(select(SlaPolicy))
    edit = client.get(f"/admin/sla/policies/{policy.id}").text
    assert 'name="p1_fr" size="6" type="text" value="1,5"' in edit or 'value="1,5"' in edit
    assert '<option selected value="working_days">arbetsdagar</option>' in edit
    listing = client.get("/admin/sla/").text
    assert "1 Kritisk: 1,5 timmar" in listing and "2 Hög: 2 arbetsdagar" in listing
    assert "4 Låg: 2,5 timmar" in listing and "3 Normal: 3 arbetsdagar" in listing
    # saving the unchanged form stores the same minutes
    before = [
        (t.first_response_minutes, t.resolution_minutes, t.ola_minutes) for t in policy.targets
    ]
    resave = dict(data, p1_ola="45")
    assert _post(client, auth, f"/admin/sla/policies/{policy.id}", resave).status_code == 302
    db.session.expire_all()
    after = [
        (t.first_response_minutes, t.resolution_minutes, t.ola_minutes) for t in policy.targets
    ]
    assert before == after and after[0] == (90, 540, 45)


def test_a_working_day_is_the_default_calendars_day(org, auth, client):
    from servicedesk.domain.sla.targets import working_day_minutes

    cal = Calendar(name="Kontor", is_default=True)
    db.session.add(cal)
    db.session.flush()
    for day in range(5):
        cal.hours.append(CalendarHours(weekday=day, opens=time(8), closes=time(12)))
        cal.hours.append(CalendarHours(weekday=day, opens=time(13), closes=time(16)))
    db.session.commit()
    assert working_day_minutes() == 7 * 60
    auth.login(org.admin)
    assert _post(client, auth, "/admin/sla/policies/new", _policy_data()).status_code == 302
    policy = db.session.scalar(select(SlaPolicy))
    assert policy.targets[2].resolution_minutes == 3 * 7 * 60
    assert "En arbetsdag är här 7 timmar" in client.get("/admin/sla/policies/new").text


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
    data = _policy_data(p1_res="99999999999999999999999", p3_fr="fyra")
    page = _post(client, auth, "/admin/sla/policies/new", data)
    assert page.status_code == 422 and 'id="p1_res-err"' in page.text
    assert "Högst ett år." in page.text
    assert db.session.scalar(select(func.count()).select_from(SlaPolicy)) == 0
    page = _post(client, auth, "/admin/sla/policies/new", _policy_data(p3_fr="fyra"))
    assert 'id="p3_fr-err"' in page.text and "Ange ett tal" in page.text
