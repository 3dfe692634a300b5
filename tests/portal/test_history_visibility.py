"""What a requester may read of their case's history, decided once in the domain and the
same on the page, in the API and in mail; system explanations in the reader's language."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import select

from servicedesk.domain.explanations import explain, render, with_note
from servicedesk.domain.tickets import lifecycle as t
from servicedesk.domain.tickets.attachments import add_attachment
from servicedesk.domain.tickets.view import REQUESTER_HISTORY_FIELDS, history_for
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage
from tests.resolving import resolve

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PROXY = "Uppladdningen stoppas av webbproxyn. IT-enheten äger proxyn."


def _worked_case(org, file_ticket, now, tmp_path):
    """A case that was transferred with a reason written for colleagues, re-classified,
    given an internal and a public file, resolved and reopened by the requester."""
    ticket = file_ticket()
    t.transfer_ticket(ticket, org.agent, org.buf_queue, reason=PROXY, now=now)
    t.update_ticket(ticket, org.buf_agent, impact=2, now=now + timedelta(minutes=1))
    files = {"storage_dir": str(tmp_path), "allowed": frozenset({"png"}), "max_bytes": 10_000}
    add_attachment(ticket, org.buf_agent, "intern.png", PNG, internal=True, now=now, **files)
    add_attachment(ticket, org.employee, "skarm.png", PNG, now=now, **files)
    t.add_comment(ticket, org.buf_agent, "Nu fungerar det.", now=now + timedelta(minutes=2))
    resolve(ticket, org.buf_agent, now=now + timedelta(minutes=3))
    t.reopen_ticket(ticket, org.employee, note="Det gör det inte", now=now + timedelta(minutes=4))
    db.session.commit()
    return ticket


def test_the_requester_sees_status_their_files_and_their_words_only(
    app, org, file_ticket, now, tmp_path
):
    ticket = _worked_case(org, file_ticket, now, tmp_path)
    staff = history_for(ticket, staff=True)
    assert {"queue", "impact", "attachment", "status"} <= {h.field for h in staff}
    assert any(h.note == PROXY for h in staff)

    own = history_for(ticket, staff=False)
    assert {h.field for h in own} <= set(REQUESTER_HISTORY_FIELDS)
    assert [h.new_value for h in own if h.field == "attachment"] == ["skarm.png"]
    assert not any(PROXY in (h.note or "") for h in own)
    assert [h.new_value for h in own if h.field == "status"] == ["open", "resolved", "open"]
    reopen = own[-1]
    assert reopen.explanation == explain("reopened") and reopen.note == "Det gör det inte"


def test_a_staff_members_typed_status_note_does_not_reach_the_requester(app, org, file_ticket, now):
    ticket = file_ticket()
    resolve(ticket, org.agent, now=now)
    t.reopen_ticket(ticket, org.agent, note="Kunden ringde, fel användare", now=now)
    [*_, staff_line] = history_for(ticket, staff=True)
    [*_, own_line] = history_for(ticket, staff=False)
    assert staff_line.note == "Kunden ringde, fel användare"
    assert own_line.note == "" and own_line.explanation == explain("reopened")


def test_page_api_and_mail_show_the_requester_the_same_history(
    app, org, file_ticket, now, tmp_path, client, auth, api_as
):
    ticket = _worked_case(org, file_ticket, now, tmp_path)
    auth.login(org.employee)
    page = client.get(f"/portal/tickets/{ticket.id}").text
    assert "skarm.png" in page and "Det gör det inte" in page
    for hidden in (PROXY, "intern.png", "Överlämnad", "BUF support</td>", "Påverkan</td>"):
        assert hidden not in page
    assert "Återöppnad" in page  # the Swedish interface, the code put into words

    items = api_as(org.employee).get(f"/tickets/{ticket.reference}/history").get_json()["items"]
    assert [(h["field"], h["new_value"]) for h in items] == [
        (h.field, h.new_value) for h in history_for(ticket, staff=False)
    ]
    assert not any(PROXY in h["note"] for h in items)
    body = api_as(org.employee).get(f"/tickets/{ticket.reference}").get_json()
    assert body["route_reason"] == ""

    mails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == org.employee.email)
    ).all()
    assert mails
    for mail in mails:
        assert PROXY not in mail.body_text and PROXY not in (mail.body_html or "")


def test_staff_read_the_transfer_in_their_own_language(app, org, file_ticket, now):
    ticket = file_ticket()
    t.transfer_ticket(ticket, org.agent, org.buf_queue, reason=PROXY, now=now)
    assert ticket.route_reason == PROXY  # as typed
    assert ticket.route_explanation["code"] == "transferred"
    with app.test_request_context(), force_locale("en"):
        assert with_note(ticket.route_explanation, ticket.route_reason) == (
            f"Transferred by {org.agent.name} from Servicedesk to BUF support: {PROXY}"
        )
    with app.test_request_context(), force_locale("sv"):
        assert render(ticket.route_explanation) == (
            f"Överlämnad av {org.agent.name} från Servicedesk till BUF support"
        )


def test_every_code_reads_in_both_languages(app):
    samples = {
        "reopened": ({}, "Reopened", "Återöppnad"),
        "requester_replied": ({}, "The requester replied", "Anmälaren svarade"),
        "resolution_confirmed": ({}, "Resolution confirmed", "Lösningen bekräftad"),
        "closed_automatically": ({}, "Closed automatically", "Avslutad automatiskt"),
        "confidential_service": (
            {"service": "Procapita"},
            "Procapita is a confidential service: the case belongs to its queue",
            "Procapita är en sekretessklassad tjänst: ärendet hör till dess kö",
        ),
        "rerouted": (
            {"route": explain("reopened")},
            "New routing: Reopened",
            "Ny dirigering: Återöppnad",
        ),
    }
    with app.test_request_context():
        for code, (params, en, sv) in samples.items():
            with force_locale("en"):
                assert render(explain(code, **params)) == en
            with force_locale("sv"):
                assert render(explain(code, **params)) == sv
        # A row from a newer version, or one missing a parameter, still shows something.
        assert render({"code": "from_the_future", "params": {}}) == "from_the_future"
        assert render({"code": "transferred", "params": {}}) == "transferred"
        assert render(None) == "" and with_note(None, "typed") == "typed"
