"""The staff page keeps closure codes, standard answers and macros per process behind the
settings revision: a second page view reads none of them, and an admin's edit is seen by
the very next page view."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.domain.answers.closure_codes import (
    closure_choices,
    closure_code_name,
    save_closure_code,
)
from servicedesk.domain.answers.macros import composer_choices, save_macro
from servicedesk.domain.answers.standard_answers import save_answer
from servicedesk.infra.extensions import db
from servicedesk.models import ClosureCode
from tests.web.test_query_counts import counting


def _tables(statements: list[str]) -> set[str]:
    found = set()
    for statement in statements:
        for table in ("closure_code", "standard_answer", "macro"):
            if f"FROM {table}" in statement:
                found.add(table)
    return found


def test_a_second_read_asks_the_database_nothing(org, file_ticket, reset_macro):
    ticket = file_ticket(service=org.email)
    db.session.commit()
    first = composer_choices(ticket, org.agent), closure_choices()
    db.session.commit()  # a new transaction, as the next request
    with counting() as statements:
        again = composer_choices(ticket, org.agent), closure_choices()
    assert again == first
    assert _tables(statements) == set()
    (answers, macros), codes = first
    assert [a.title for a in answers] == ["Lösenord återställt"]
    assert [m.name for m in macros] == ["Lösenord återställt"]
    assert "solved_by_desk" in [c.code for c in codes]


def test_an_admin_edit_is_seen_at_once(org, client, auth, file_ticket, reset_answer, now):
    ticket = file_ticket(service=org.email)
    db.session.commit()
    auth.login(org.agent)
    page = client.get(f"/desk/tickets/{ticket.id}").text
    assert "Lösenord återställt" in page and "Ny rubrik" not in page

    save_answer(
        org.admin,
        reset_answer,
        title="Ny rubrik för lösenord",
        queue=org.central,
        body_sv=reset_answer.body_sv,
        body_en=reset_answer.body_en,
        now=now,
    )
    db.session.commit()
    assert "Ny rubrik för lösenord" in client.get(f"/desk/tickets/{ticket.id}").text

    save_macro(
        org.admin,
        None,
        name="Skicka vidare till andra linjen",
        queue=None,
        answer=None,
        status="pending",
        pending_reason="supplier",
        now=now,
    )
    db.session.commit()
    assert "Skicka vidare till andra linjen" in client.get(f"/desk/tickets/{ticket.id}").text

    code = db.session.scalar(select(ClosureCode).where(ClosureCode.code == "duplicate"))
    save_closure_code(
        org.admin,
        code,
        code=code.code,
        name_sv="Dubblettärende",
        name_en=code.name_en,
        active=True,
        position=code.position,
        now=now,
    )
    db.session.commit()

    page = client.get(f"/desk/tickets/{ticket.id}").text
    assert ">Dubblettärende</option>" in page and ">Dubblett</option>" not in page


def test_history_names_a_closure_code_in_the_readers_language(org):
    assert closure_code_name("Löst av andra linjen", "en") == "Solved by second-line support"
    assert closure_code_name("Löst av andra linjen", "sv") == "Löst av andra linjen"
    assert closure_code_name("En gammal kod", "en") == "En gammal kod"
