"""Secrecy marks on a ticket, a comment or a file: provisions from the admin's list, in the
history and the audit log, only by staff of the ticket."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.records.secrecy import (
    lift_mark,
    mark_secret,
    parse_code,
    save_provision,
)
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, SecrecyMark, TicketHistory


def test_parse_code():
    assert parse_code("26:1") == (26, 1, "")
    assert parse_code(" 10 kap. 2 a") is None or parse_code("10:2 a") == (10, 2, "a")
    assert parse_code("26") is None and parse_code("x:1") is None


def test_provisions_are_validated_and_unique(org, now):
    with pytest.raises(ValidationError) as err:
        save_provision(org.admin, None, code="tjugo", title="x", now=now)
    assert err.value.field == "code"
    save_provision(org.admin, None, code="26:1", title="Socialtjänst", now=now)
    with pytest.raises(ValidationError):
        save_provision(org.admin, None, code="26:1", title="Igen", now=now)
    with pytest.raises(PermissionDenied):
        save_provision(org.agent, None, code="21:1", title="Hälsa", now=now)


def test_mark_and_lift_are_in_history_and_audit(org, file_ticket, provision, now):
    ticket = file_ticket(org.employee)
    comment = add_comment(ticket, org.agent, "Personuppgifter här", internal=True, now=now)
    mark = mark_secret(org.agent, ticket, provision=provision, comment=comment, now=now)
    db.session.commit()
    with pytest.raises(ValidationError):  # twice
        mark_secret(org.agent, ticket, provision=provision, comment=comment, now=now)
    lift_mark(org.agent, mark, now=now)
    db.session.commit()
    lines = db.session.scalars(
        select(TicketHistory).where(TicketHistory.field == "secrecy").order_by(TicketHistory.id)
    ).all()
    assert [(line.old_value, line.new_value, line.internal) for line in lines] == [
        (None, f"OSL 26:1 (comment:{comment.id})", True),
        (f"OSL 26:1 (comment:{comment.id})", None, True),
    ]
    actions = db.session.scalars(
        select(AuditLog.action).where(AuditLog.action.like("secrecy_%")).order_by(AuditLog.id)
    ).all()
    assert actions == ["secrecy_marked", "secrecy_lifted"]
    kept = db.session.get(SecrecyMark, mark.id)
    assert kept.lifted_at is not None and kept.lifted_by_id == org.agent.id


def test_only_the_tickets_staff_mark(org, file_ticket, provision, now):
    ticket = file_ticket(org.employee)
    with pytest.raises(PermissionDenied):
        mark_secret(org.employee, ticket, provision=provision, now=now)
    with pytest.raises(PermissionDenied):  # an agent of another queue
        mark_secret(org.soc_agent, ticket, provision=provision, now=now)


def test_an_inactive_or_missing_provision_is_refused(org, file_ticket, provision, now):
    ticket = file_ticket(org.employee)
    with pytest.raises(ValidationError):
        mark_secret(org.agent, ticket, provision=None, now=now)
    save_provision(org.admin, provision, code="26:1", title=provision.title, active=False, now=now)
    with pytest.raises(ValidationError):
        mark_secret(org.agent, ticket, provision=provision, now=now)


def test_inside_the_desk_the_handling_staff_read_marked_content_others_see_the_mask(
    authorities, provision, org, file_ticket, make_user, api_as, now
):
    """One rule (permissions.may_read_marked) for the ticket page and the API: the case's
    agents, admins and the requester read a marked comment; a manager who may follow the
    ticket but does not handle it sees the mask."""
    from servicedesk.domain.permissions import can_view_ticket
    from servicedesk.domain.tickets.view import view_ticket

    ticket = file_ticket(org.employee, title="Elevärende")
    secret = add_comment(ticket, org.agent, "Kim bor på skyddad adress", now=now)
    plain = add_comment(ticket, org.agent, "Vi återkommer", now=now)
    db.session.commit()
    mark_secret(org.agent, ticket, provision=provision, comment=secret, now=now)
    db.session.commit()
    manager = make_user("Ivar IT-chef", {"manager"}, org.it)
    db.session.commit()
    assert can_view_ticket(manager, ticket)
    mask = "[Sekretess enligt OSL 26 kap. 1 §]"
    for reader in (org.agent, org.admin, org.employee):
        assert view_ticket(ticket, reader).masks.comments == {}, reader.name
    assert view_ticket(ticket, manager).masks.comments == {secret.id: mask}
    path = f"/tickets/{ticket.reference}/comments"
    bodies = {c["id"]: c["body"] for c in api_as(manager).get(path).get_json()["items"]}
    assert bodies == {secret.id: mask, plain.id: "Vi återkommer"}
    bodies = {c["id"]: c["body"] for c in api_as(org.agent).get(path).get_json()["items"]}
    assert bodies[secret.id] == "Kim bor på skyddad adress"
