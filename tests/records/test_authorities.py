"""Every ticket, change and problem belongs to a receiving authority, derived from its
owning unit via the unit tree; a move is in the history and the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from servicedesk.domain.changes.problems import create_problem
from servicedesk.domain.changes.workflow import create_change
from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.records.authorities import (
    authority_for_unit,
    back_fill_records,
    move_ticket,
    save_authority,
)
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, Ticket, TicketHistory


def test_unit_tree_gives_the_authority(authorities, org, make_unit):
    school = make_unit("Tanumskolan", "department", parent=org.buf)
    assert authority_for_unit(school.id) == authorities.bun.id
    assert authority_for_unit(org.soc.id) == authorities.sn.id
    # the IT unit has no mapping of its own: it is under the municipality (KS)
    assert authority_for_unit(org.it.id) == authorities.ks.id


def test_filed_ticket_change_and_problem_get_their_authority(authorities, org, file_ticket, now):
    ticket = file_ticket(org.employee)  # a BUF employee
    assert ticket.authority_id == authorities.bun.id
    other = file_ticket(org.other_employee)  # SOC
    assert other.authority_id == authorities.sn.id
    change = create_change(org.soc_agent, title="Uppgradera vårdsystemet", now=now)
    problem = create_problem(org.agent, title="Inloggningen hänger", now=now)
    assert change.authority_id == authorities.sn.id
    assert problem.authority_id == authorities.ks.id


def test_transfer_keeps_the_authority(authorities, org, file_ticket, now):
    from servicedesk.domain.tickets.lifecycle import transfer_ticket

    ticket = file_ticket(org.employee)
    transfer_ticket(ticket, org.admin, org.soc_queue, reason="Fel kö", now=now)
    db.session.commit()
    assert ticket.authority_id == authorities.bun.id


def test_move_is_recorded_in_history_and_audit(authorities, org, file_ticket, now):
    ticket = file_ticket(org.employee)
    move_ticket(authorities.registrar, ticket, authorities.sn, reason="Gäller hemtjänsten", now=now)
    db.session.commit()
    assert ticket.authority_id == authorities.sn.id
    line = db.session.scalar(
        select(TicketHistory).where(
            TicketHistory.ticket_id == ticket.id, TicketHistory.field == "authority"
        )
    )
    assert (line.old_value, line.new_value, line.note) == (
        "Barn- och utbildningsnämnden",
        "Socialnämnden",
        "Gäller hemtjänsten",
    )
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "record_authority_moved"))
    assert audit.object_label == ticket.reference


def test_only_registrars_move_records(authorities, org, file_ticket, now):
    ticket = file_ticket(org.employee)
    with pytest.raises(PermissionDenied):
        move_ticket(org.agent, ticket, authorities.sn, reason="x", now=now)
    with pytest.raises(ValidationError):
        move_ticket(authorities.registrar, ticket, authorities.sn, reason=" ", now=now)


def test_a_unit_belongs_to_one_authority(authorities, org, now):
    with pytest.raises(ValidationError) as err:
        save_authority(org.admin, None, name="Dubbel", unit_ids=[org.buf.id], now=now)
    assert err.value.field == "units"


def test_back_fill_gives_records_without_authority_theirs(org, file_ticket, now):
    ticket = file_ticket(org.employee)
    social = file_ticket(org.other_employee)
    assert ticket.authority_id is None  # no authorities yet
    # mapped general first, specific after: the back-fill runs once all are mapped
    ks = save_authority(org.admin, None, name="KS", unit_ids=[org.municipality.id], now=now)
    bun = save_authority(org.admin, None, name="BUN", unit_ids=[org.buf.id], now=now)
    assert db.session.get(Ticket, ticket.id).authority_id is None
    assert back_fill_records(org.admin, now=now) == 2
    db.session.commit()
    assert db.session.get(Ticket, ticket.id).authority_id == bun.id
    assert db.session.get(Ticket, social.id).authority_id == ks.id
    assert back_fill_records(org.admin, now=now) == 0  # a record keeps what it has
    with pytest.raises(PermissionDenied):
        back_fill_records(org.agent, now=now)


def test_unmapping_a_unit_is_seen_by_the_next_filing(authorities, org, file_ticket, now):
    """The unit map is cached behind the settings token: removing a unit renews it."""
    assert file_ticket(org.other_employee).authority_id == authorities.sn.id
    save_authority(org.admin, authorities.sn, name="Socialnämnden", unit_ids=[], now=now)
    db.session.commit()
    # SOC now falls back to the municipality's authority
    assert file_ticket(org.other_employee).authority_id == authorities.ks.id


def test_imported_history_gets_its_authority(authorities, org, now):
    from servicedesk.domain.tickets.history import HistoricalTicket, import_history

    import_history(
        org.admin,
        [
            HistoricalTicket(
                requester=org.other_employee, title="Gammalt", description="x", created_at=now
            )
        ],
        now=now,
    )
    db.session.commit()
    ticket = db.session.scalar(select(Ticket).where(Ticket.title == "Gammalt"))
    assert ticket.authority_id == authorities.sn.id


def test_registrars_follow_the_authority_form(authorities, org, now):
    from servicedesk.domain.permissions import is_registrar

    assert is_registrar(authorities.registrar, authorities.bun.id)
    assert not is_registrar(authorities.registrar, authorities.sn.id)
    save_authority(
        org.admin, authorities.bun, name=authorities.bun.name, unit_ids=[org.buf.id], now=now
    )
    db.session.commit()
    assert not is_registrar(authorities.registrar)
    assert is_registrar(org.admin, authorities.sn.id)  # admins keep every register
