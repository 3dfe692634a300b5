"""The records pages: who reaches them, the register and its CSV, marking a comment secret
through the form, form errors kept next to their fields, holds, rules and personal data."""

from __future__ import annotations

import io
import json
import re
import zipfile

from sqlalchemy import select

from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, LegalHold, RetentionRule, SecrecyMark


def _token(client, path):
    page = client.get(path)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert match, path
    return match.group(1)


PAGES = (
    "/records/register",
    "/records/holds",
    "/records/thinning",
    "/records/authorities",
    "/records/provisions",
    "/records/rules",
    "/records/personal-data",
    "/records/archive",
    "/records/rules/new",
    "/records/authorities/new",
    "/records/provisions/new",
)


def test_admin_reaches_every_page(authorities, provision, org, client, auth):
    auth.login(org.admin)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<main" in response.text


def test_registrar_reaches_register_not_admin_pages(authorities, org, client, auth):
    auth.login(authorities.registrar)
    assert client.get("/records/register").status_code == 200
    assert client.get("/records/holds").status_code == 200
    for path in ("/records/authorities", "/records/rules", "/records/personal-data"):
        assert client.get(path).status_code == 403, path
    # only the authorities they keep are offered
    page = client.get("/records/register").text
    assert "Barn- och utbildningsnämnden" in page and "Socialnämnden" not in page
    assert client.get(f"/records/register?authority={authorities.sn.id}").status_code == 422


def test_others_are_kept_out(authorities, org, client, auth):
    auth.login(org.employee)
    assert client.get("/records/register").status_code == 403
    client.get("/logout")
    auth.login(org.agent)  # staff but no registrar
    assert client.get("/records/register").status_code == 403
    assert client.get("/records/register.csv").status_code == 403


def test_register_and_csv(authorities, org, client, auth, file_ticket):
    ticket = file_ticket(org.employee, title="Projektorn i sal 3")
    auth.login(authorities.registrar)
    page = client.get("/records/register?start=2026-11-19&end=2026-11-26")
    assert ticket.reference in page.text and "Projektorn i sal 3" in page.text
    empty = client.get("/records/register?start=2026-10-01&end=2026-10-07")
    assert ticket.reference not in empty.text
    bad = client.get("/records/register?start=igår")
    assert bad.status_code == 422
    csv = client.get("/records/register.csv?start=2026-11-19&end=2026-11-26")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert ticket.reference in csv.text and "Projektorn" in csv.text
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "register_exported"))


def test_agent_marks_a_comment_secret_and_the_register_masks_it(
    authorities, provision, org, client, auth, file_ticket, now
):
    ticket = file_ticket(org.employee, title="Elev med skyddad identitet")
    comment = add_comment(ticket, org.agent, "Adress: hemlig", internal=True, now=now)
    db.session.commit()
    auth.login(org.agent)
    path = f"/records/tickets/{ticket.id}"
    token = _token(client, path)
    missing = client.post(
        f"{path}/secrecy",
        data={"csrf_token": token, "target": f"comment:{comment.id}", "provision": "0"},
    )
    assert missing.status_code == 422 and "Adress: hemlig" not in missing.text
    assert db.session.scalars(select(SecrecyMark)).all() == []
    done = client.post(
        f"{path}/secrecy",
        data={
            "csrf_token": token,
            "target": f"comment:{comment.id}",
            "provision": str(provision.id),
        },
    )
    assert done.status_code == 302
    [mark] = db.session.scalars(select(SecrecyMark)).all()
    assert mark.comment_id == comment.id
    client.get("/logout")
    auth.login(authorities.registrar)
    page = client.get("/records/register").text
    assert "skyddad identitet" not in page and "OSL 26:1" in page
    csv = client.get("/records/register.csv").text
    assert "skyddad identitet" not in csv and org.employee.name not in csv


def test_hold_rule_and_thinning_pages(authorities, org, client, auth, file_ticket):
    ticket = file_ticket(org.employee)
    auth.login(org.admin)
    token = _token(client, "/records/rules/new")
    bad = client.post(
        "/records/rules/new",
        data={
            "csrf_token": token,
            "authority": str(authorities.bun.id),
            "record_kind": "incident",
            "years": "200",
        },
    )
    assert bad.status_code == 422 and 'value="200"' in bad.text
    ok = client.post(
        "/records/rules/new",
        data={
            "csrf_token": token,
            "authority": str(authorities.bun.id),
            "record_kind": "incident",
            "years": "2",
            "active": "y",
        },
    )
    assert ok.status_code == 302
    assert db.session.scalar(select(RetentionRule.years)) == 2
    token = _token(client, "/records/holds")
    no_ref = client.post(
        "/records/holds",
        data={
            "csrf_token": token,
            "hold-target": "ticket",
            "hold-service": "0",
            "hold-reference": "INC-999999",
            "hold-reason": "Tvist",
        },
    )
    assert no_ref.status_code == 422 and "Tvist" in no_ref.text
    placed = client.post(
        "/records/holds",
        data={
            "csrf_token": token,
            "hold-target": "ticket",
            "hold-service": "0",
            "hold-reference": ticket.reference,
            "hold-reason": "Tvist",
        },
    )
    assert placed.status_code == 302
    hold = db.session.scalar(select(LegalHold))
    assert hold.ticket_id == ticket.id
    lifted = client.post(
        f"/records/holds/{hold.id}/lift", data={"csrf_token": token, "lift-reason": "Avgjort"}
    )
    assert lifted.status_code == 302
    db.session.refresh(hold)
    assert hold.lift_reason == "Avgjort" and hold.lifted_at is not None
    assert client.get("/records/thinning").status_code == 200


def test_personal_data_export(authorities, org, client, auth, file_ticket):
    ticket = file_ticket(org.employee, title="Min dator")
    auth.login(org.admin)
    page = client.get(f"/records/personal-data?person={org.employee.email}")
    assert org.employee.name in page.text
    token = _token(client, f"/records/personal-data?person={org.employee.email}")
    response = client.post(
        f"/records/personal-data/{org.employee.id}/export", data={"csrf_token": token}
    )
    assert response.status_code == 200 and response.mimetype == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(package.read("data.json"))
    assert [t["reference"] for t in data["sections"]["tickets"]] == [ticket.reference]
    assert "Min dator" in package.read("sammanfattning.html").decode()
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "gdpr_export"))
    unknown = client.get("/records/personal-data?person=ingen@tanum.example")
    assert unknown.status_code == 422
