"""The records API: authorities, the register (masked exactly as the page and the CSV),
legal holds placed and lifted, the thinning log; registrars and admins only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from servicedesk.domain.records.secrecy import mark_secret
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, LegalHold, TicketHistory


def test_authorities_are_those_whose_register_the_caller_keeps(authorities, org, api_as, conforms):
    mine = conforms(api_as(authorities.registrar).get("/authorities"), "AuthorityList")
    assert [a["name"] for a in mine["items"]] == ["Barn- och utbildningsnämnden"]
    every = conforms(api_as(org.admin).get("/authorities"), "AuthorityList")
    assert {a["name"] for a in every["items"]} == {
        "Barn- och utbildningsnämnden",
        "Kommunstyrelsen",
        "Socialnämnden",
    }
    for outsider in (org.agent, org.employee):
        refused = api_as(outsider).get("/authorities")
        assert refused.status_code == 403
        assert refused.get_json()["error"]["code"] == "forbidden"


def test_register_pages_by_key_and_refuses_bad_input(
    authorities, org, file_ticket, api_as, conforms, now
):
    made = [file_ticket(org.employee, title=f"Ärende {n}").reference for n in range(5)]
    file_ticket(org.employee, title="Förra månaden", now=now - timedelta(days=40))
    db.session.commit()
    api = api_as(authorities.registrar)
    bun = authorities.bun.id
    today = now.date()
    seen, after = [], None
    while True:
        query = f"/register?authority={bun}&from={today - timedelta(days=7)}&to={today}&limit=2"
        page = conforms(api.get(query + (f"&after={after}" if after else "")), "RegisterPage")
        seen += [row["reference"] for row in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert sorted(seen) == sorted(made)
    for query, field in (
        (f"/register?authority={authorities.sn.id}", "authority"),  # not hers
        ("/register", "authority"),
        (f"/register?authority={bun}&from=igår", "from"),
        (f"/register?authority={bun}&from=2026-11-20&to=2026-11-01", "to"),
        (f"/register?authority={bun}&after=x", "after"),
        (f"/register?authority={bun}&colour=red", "colour"),
    ):
        refused = api.get(query)
        assert refused.status_code == 422, query
        assert refused.get_json()["error"]["code"] == "validation_failed"
        assert field in refused.get_json()["error"]["fields"], query


def test_a_secret_record_is_masked_alike_on_page_api_and_csv(
    authorities, provision, org, file_ticket, api_as, client, auth, now
):
    ticket = file_ticket(org.employee, title="Elev med skyddad identitet")
    comment = add_comment(ticket, org.agent, "Adress: hemlig", internal=True, now=now)
    open_one = file_ticket(org.employee, title="Projektorn i sal 3")
    db.session.commit()
    mark_secret(org.agent, ticket, provision=provision, comment=comment, now=now)
    db.session.commit()
    body = api_as(authorities.registrar).get(f"/register?authority={authorities.bun.id}")
    rows = {row["reference"]: row for row in body.get_json()["items"]}
    masked = rows[ticket.reference]
    assert masked["secrecy"] == ["OSL 26:1"]
    assert masked["sender"] == "" and "skyddad" not in masked["subject"]
    assert rows[open_one.reference]["subject"] == "Projektorn i sal 3"
    assert rows[open_one.reference]["sender"] == org.employee.name
    auth.login(authorities.registrar)
    page = client.get("/records/register").text
    csv = client.get("/records/register.csv").text
    for shown in (page, csv):
        assert "skyddad identitet" not in shown and "Projektorn i sal 3" in shown
        assert masked["subject"] in shown


def test_a_hold_is_placed_and_lifted_through_the_api(
    authorities, org, file_ticket, api_as, conforms
):
    ticket = file_ticket(org.employee)
    db.session.commit()
    api = api_as(authorities.registrar)
    missing = api.post(
        "/legal-holds", json={"target": "ticket", "reference": "INC-999999", "reason": "Tvist"}
    )
    assert missing.status_code == 422
    assert "reference" in missing.get_json()["error"]["fields"]
    assert db.session.scalars(select(LegalHold)).all() == []
    assert api.post("/legal-holds", json={"target": "ticket"}).status_code == 422
    placed = api.post(
        "/legal-holds",
        json={"target": "ticket", "reference": ticket.reference, "reason": "Begäran JO"},
    )
    assert placed.status_code == 201
    hold = conforms(placed, "LegalHold")
    assert hold["on"] == ticket.reference and hold["lifted_at"] is None
    listed = conforms(api.get("/legal-holds"), "LegalHoldList")
    assert [h["id"] for h in listed["items"]] == [hold["id"]]
    assert api.post(f"/legal-holds/{hold['id']}/lift", json={"reason": ""}).status_code == 422
    lifted = conforms(
        api.post(f"/legal-holds/{hold['id']}/lift", json={"reason": "Ärendet avgjort"}),
        "LegalHold",
    )
    assert lifted["lifted_at"] and lifted["lift_reason"] == "Ärendet avgjort"
    again = api.post(f"/legal-holds/{hold['id']}/lift", json={"reason": "igen"})
    assert again.status_code == 422
    assert api.post("/legal-holds/99999/lift", json={"reason": "x"}).status_code == 404
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"legal_hold_placed", "legal_hold_lifted"} <= actions
    fields = set(
        db.session.scalars(select(TicketHistory.field).where(TicketHistory.ticket_id == ticket.id))
    )
    assert "legal_hold" in fields
    agent = api_as(org.agent)
    assert agent.get("/legal-holds").status_code == 403
    refused = agent.post(
        "/legal-holds", json={"target": "ticket", "reference": ticket.reference, "reason": "x"}
    )
    assert refused.status_code == 403
    assert db.session.scalar(select(LegalHold).where(LegalHold.reason == "x")) is None


def test_the_thinning_log_is_read_by_registrars(
    rule, authorities, org, file_ticket, api_as, conforms, now
):
    from servicedesk.domain.records.retention import run_thinning
    from tests.records.test_thinning import _closed_ticket

    old = _closed_ticket(file_ticket, org, now, years_ago=3)
    run_thinning(org.admin, now=now)
    db.session.commit()
    log = conforms(api_as(authorities.registrar).get("/thinning-log"), "ThinningLog")
    [entry] = log["items"]
    assert entry["references"] == [old.reference] and entry["count"] == 1
    assert entry["years"] == 2 and entry["decision_ref"] == "BUN 2025/12"
    assert api_as(org.agent).get("/thinning-log").status_code == 403
    assert api_as(authorities.registrar).get("/thinning-log?limit=0").status_code == 422
