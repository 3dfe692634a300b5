"""A single record's public copy (utlämnande): public content kept, marked content masked
with its provision, internal notes out unless chosen (then masked by the marks), recorded
in history and the audit log; registrars of the authority and admins only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from servicedesk.domain.errors import PermissionDenied
from servicedesk.domain.records.public_copy import make_public_copy
from servicedesk.domain.records.secrecy import mark_secret
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, TicketHistory

MASK = "[Sekretess enligt OSL 26 kap. 1 §]"  # the app speaks Swedish first


@pytest.fixture
def record(authorities, provision, org, file_ticket, now):
    ticket = file_ticket(org.employee, title="Projektorn i sal 3", description="Lampan är trasig")
    public = add_comment(ticket, org.agent, "Vi byter lampan i morgon", now=now)
    secret = add_comment(ticket, org.agent, "Eleven Kim har skyddad identitet", now=now)
    note = add_comment(ticket, org.agent, "Intern: ring vaktmästaren", internal=True, now=now)
    secret_note = add_comment(ticket, org.agent, "Intern: Kims adress", internal=True, now=now)
    db.session.commit()
    for comment in (secret, secret_note):
        mark_secret(org.agent, ticket, provision=provision, comment=comment, now=now)
    db.session.commit()
    return ticket, public, secret, note, secret_note


def test_the_copy_masks_marked_content_and_leaves_internal_notes_out(record, authorities, org, now):
    ticket, public, secret, note, secret_note = record
    copy = make_public_copy(authorities.registrar, ticket, now=now)
    db.session.commit()
    texts = [e.text for e in copy.entries]
    assert texts == ["Vi byter lampan i morgon", MASK]
    assert copy.subject == "Projektorn i sal 3" and copy.sender == org.employee.name
    assert copy.provisions == ("OSL 26:1",)
    with_notes = make_public_copy(authorities.registrar, ticket, with_internal=True, now=now)
    db.session.commit()
    assert [e.text for e in with_notes.entries] == [
        "Vi byter lampan i morgon",
        MASK,
        "Intern: ring vaktmästaren",
        MASK,
    ]
    lines = db.session.scalars(
        select(TicketHistory).where(
            TicketHistory.ticket_id == ticket.id, TicketHistory.field == "public_copy"
        )
    ).all()
    assert [(h.new_value, h.internal) for h in lines] == [("public", True), ("internal", True)]
    audits = db.session.scalars(select(AuditLog).where(AuditLog.action == "public_copy_made"))
    assert [a.new_value for a in audits] == ["public", "internal"]


def test_a_mark_on_the_whole_ticket_masks_subject_sender_and_every_reply(
    record, authorities, provision, org, now
):
    ticket = record[0]
    mark_secret(org.agent, ticket, provision=provision, now=now)
    db.session.commit()
    copy = make_public_copy(org.admin, ticket, now=now)
    assert copy.masked and copy.subject == MASK and copy.sender == MASK
    assert copy.description == MASK
    assert {e.text for e in copy.entries} == {MASK} and not any(e.author for e in copy.entries)


def test_only_the_authoritys_registrars_and_admins_make_copies(record, authorities, org, now):
    ticket = record[0]
    for outsider in (org.agent, org.employee):
        with pytest.raises(PermissionDenied):
            make_public_copy(outsider, ticket, now=now)
    db.session.rollback()
    assert not db.session.scalars(
        select(AuditLog).where(AuditLog.action == "public_copy_made")
    ).all()


def test_the_copy_page_from_the_record_page(record, authorities, org, client, auth):
    ticket = record[0]
    auth.login(authorities.registrar)
    page = client.get(f"/records/tickets/{ticket.id}")
    assert "copy-with_internal" in page.text
    token = re.search(r'name="copy-csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    made = client.post(f"/records/tickets/{ticket.id}/copy", data={"copy-csrf_token": token})
    assert made.status_code == 200 and "<main" in made.text
    assert "Vi byter lampan i morgon" in made.text
    assert "skyddad identitet" not in made.text and "Intern:" not in made.text
    assert "[Sekretess enligt OSL 26 kap. 1 §]" in made.text
    noted = client.post(
        f"/records/tickets/{ticket.id}/copy",
        data={"copy-csrf_token": token, "copy-with_internal": "y"},
    )
    assert "Intern: ring vaktmästaren" in noted.text and "Kims adress" not in noted.text
    no_token = client.post(f"/records/tickets/{ticket.id}/copy", data={})
    assert no_token.status_code == 400  # CSRF
    client.get("/logout")
    auth.login(org.agent)  # works the case, keeps no register
    page = client.get(f"/records/tickets/{ticket.id}").text
    assert "copy-with_internal" not in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    refused = client.post(f"/records/tickets/{ticket.id}/copy", data={"copy-csrf_token": token})
    assert refused.status_code == 403 and "Vi byter lampan" not in refused.text
