"""Closure codes: the admin list, the defaults, and the counts per service for reports."""

from __future__ import annotations

from datetime import timedelta

from servicedesk.domain.answers.closure_codes import DEFAULT_CLOSURE_CODES
from servicedesk.domain.reports.closure import closure_counts
from servicedesk.infra.extensions import db
from servicedesk.models import ClosureCode
from tests.resolving import resolve


def test_defaults_are_there_bilingual(org):
    codes = db.session.query(ClosureCode).order_by(ClosureCode.position).all()
    assert [c.code for c in codes] == [c for c, _sv, _en in DEFAULT_CLOSURE_CODES]
    assert codes[0].name_for("en") == "Solved by the service desk"


def test_counts_per_service_within_the_viewers_remit(org, file_ticket, now):
    def resolved(service, code):
        ticket = file_ticket(service=service)
        resolve(ticket, org.admin, now=now, solution="x", code=code)

    resolved(org.email, "solved_by_desk")
    resolved(org.email, "solved_by_desk")
    resolved(org.email, "workaround")
    resolved(org.school, "solved_by_desk")
    file_ticket(service=org.email)  # open: not counted
    db.session.commit()
    day = timedelta(days=1)
    rows = closure_counts(org.admin, now - day, now + day)
    assert [(r.service_sv, r.code, r.count) for r in rows] == [
        ("E-post", "solved_by_desk", 2),
        ("E-post", "workaround", 1),
        ("Skolplattformen", "solved_by_desk", 1),
    ]
    buf = closure_counts(org.buf_agent, now - day, now + day)
    assert [(r.service_sv, r.count) for r in buf] == [("Skolplattformen", 1)]
    assert closure_counts(org.admin, now + day, now + 2 * day) == []


def test_admin_keeps_the_list(org, client, auth):
    auth.login(org.admin)
    assert "Löst av servicedesk" in client.get("/admin/closure-codes").text
    token = auth.token("/admin/closure-codes/new")
    bad = client.post(
        "/admin/closure-codes/new",
        data={"csrf_token": token, "code": "Fel kod", "name_sv": "Ny", "name_en": "New"},
    )
    assert bad.status_code == 422 and 'id="code-err"' in bad.text
    client.post(
        "/admin/closure-codes/new",
        data={
            "csrf_token": token,
            "code": "replaced",
            "name_sv": "Utbytt utrustning",
            "name_en": "Equipment replaced",
            "position": 9,
            "active": "y",
        },
    )
    code = db.session.query(ClosureCode).filter_by(code="replaced").one()
    client.post(
        f"/admin/closure-codes/{code.id}",
        data={
            "csrf_token": token,
            "name_sv": "Utbytt utrustning",
            "name_en": "Replaced",
            "position": 9,
        },
    )
    db.session.expire_all()
    code = db.session.get(ClosureCode, code.id)
    assert (code.code, code.name_en, code.active) == ("replaced", "Replaced", False)
    auth.login(org.agent)
    assert client.get("/admin/closure-codes").status_code == 403
