"""The data-subject export (every case of one employee, their comments, audit entries,
and whatever other areas register) and anonymisation once retention has passed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.records import gdpr
from servicedesk.domain.records.gdpr import anonymise_person, export_person, register_provider
from servicedesk.domain.records.retention import place_hold, save_rule
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, Ticket, User


def test_export_lists_all_their_cases_and_comments(authorities, org, file_ticket, now):
    mine = [file_ticket(org.employee, title=f"Ärende {n}") for n in range(3)]
    for_me = file_ticket(org.employee, actor=org.agent, title="Registrerat i telefon")
    named = file_ticket(org.other_employee, title=f"Gäller {org.employee.email}")
    file_ticket(org.other_employee, title="Inte om Emma")
    add_comment(mine[0], org.employee, "Det fungerar fortfarande inte", now=now)
    data = export_person(org.admin, org.employee, now=now)
    db.session.commit()
    refs = [t["reference"] for t in data["sections"]["tickets"]]
    assert refs == sorted([*(t.reference for t in mine), for_me.reference, named.reference])
    assert {tuple(t["roles"]) for t in data["sections"]["tickets"]} >= {("requester",), ("named",)}
    assert [c["body"] for c in data["sections"]["comments"]] == ["Det fungerar fortfarande inte"]
    assert data["person"]["email"] == org.employee.email
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "gdpr_export"))
    assert entry.object_id == org.employee.id and "tickets=5" in entry.new_value


def test_another_area_adds_its_data(org, now, monkeypatch):
    monkeypatch.setattr(gdpr, "PROVIDERS", list(gdpr.PROVIDERS))
    register_provider(
        "access_grants", "Behörigheter", lambda person: [{"system": "Lön", "person": person.id}]
    )
    data = export_person(org.admin, org.employee, now=now)
    assert data["sections"]["access_grants"] == [{"system": "Lön", "person": org.employee.id}]


def test_only_admins_export(org, now):
    with pytest.raises(PermissionDenied):
        export_person(org.agent, org.employee, now=now)


def test_anonymise_only_after_retention(authorities, org, file_ticket, now):
    ticket = file_ticket(org.employee)
    with pytest.raises(ValidationError) as err:  # open, and no rule
        anonymise_person(org.admin, org.employee, now=now)
    assert ticket.reference in str(err.value.message)
    save_rule(org.admin, None, authority=authorities.bun, record_kind="incident", years=2, now=now)
    db.session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id)
        .values(status="closed", closed_at=now - timedelta(days=3 * 366))
    )
    db.session.commit()
    hold = place_hold(org.admin, person=org.employee, reason="Utredning", now=now)
    with pytest.raises(ValidationError):
        anonymise_person(org.admin, org.employee, now=now)
    hold.lifted_at = now
    anonymise_person(org.admin, org.employee, now=now)
    db.session.commit()
    person = db.session.get(User, org.employee.id)
    assert person.name.startswith("Anonymiserad") and "emma" not in person.email.lower()
    assert not person.active and person.phone == ""
    # the link is kept: their cases still count as theirs
    assert (
        db.session.scalar(
            select(func.count()).select_from(Ticket).where(Ticket.requester_id == person.id)
        )
        == 1
    )
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "person_anonymised"))
