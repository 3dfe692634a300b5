"""The admin chooses the security queue: one domain function, a form with field errors,
audited; the open incidents move with the choice, so the new queue's members see and work
them and the old queue's members no longer do."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.permissions import can_view_ticket
from servicedesk.domain.security.queue import security_queue
from servicedesk.domain.security.setting import choose_security_queue
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, Status, TicketHistory
from tests.resolving import resolve


@pytest.fixture
def soc(org, make_queue, make_user):
    queue = make_queue("SOC", org.it)
    analyst = make_user("Alva Analytiker", {"agent"}, org.it, [queue])
    db.session.commit()
    return queue, analyst


def test_the_choice_moves_open_incidents_and_the_visibility(org, sec, report, soc, now):
    queue, analyst = soc
    open_case, closed_case = report(), report()
    resolve(closed_case, sec.coordinator, now=now)
    closed_case.status = Status.CLOSED
    db.session.commit()
    assert not can_view_ticket(analyst, open_case)

    moved = choose_security_queue(org.admin, queue, now=now)
    db.session.commit()
    assert moved == 2 and security_queue().id == queue.id
    assert open_case.queue_id == queue.id and closed_case.queue_id == queue.id
    assert closed_case.status == Status.CLOSED
    assert can_view_ticket(analyst, open_case) and can_view_ticket(analyst, closed_case)
    line = db.session.scalar(
        select(TicketHistory)
        .where(TicketHistory.ticket_id == open_case.id, TicketHistory.field == "queue")
        .order_by(TicketHistory.id.desc())
        .limit(1)
    )
    assert (line.old_value, line.new_value) == (sec.queue.name, "SOC")
    [audit] = db.session.scalars(select(AuditLog).where(AuditLog.action == "security_queue_chosen"))
    assert (audit.actor_id, audit.old_value, audit.new_value) == (
        org.admin.id,
        sec.queue.name,
        "SOC",
    )
    assert choose_security_queue(org.admin, queue, now=now) == 0  # unchanged: nothing audited
    assert (
        len(
            list(
                db.session.scalars(
                    select(AuditLog).where(AuditLog.action == "security_queue_chosen")
                )
            )
        )
        == 1
    )


def test_a_plain_member_of_the_old_queue_no_longer_sees_them(org, sec, report, soc, make_user, now):
    queue, _analyst = soc
    member = make_user("Olle Gammal", {"agent"}, org.it, [sec.queue])
    ticket = report()
    assert can_view_ticket(member, ticket)
    choose_security_queue(org.admin, queue, now=now)
    db.session.commit()
    assert not can_view_ticket(member, ticket)


def test_bad_choices_are_refused_and_nothing_changes(org, sec, soc, make_queue, now):
    queue, _ = soc
    with pytest.raises(PermissionDenied):
        choose_security_queue(org.agent, queue, now=now)
    with pytest.raises(ValidationError) as err:
        choose_security_queue(org.admin, None, now=now)
    assert err.value.field == "queue"
    asleep = make_queue("Vilande", org.it, active=False)
    with pytest.raises(ValidationError) as err:
        choose_security_queue(org.admin, asleep, now=now)
    assert err.value.field == "queue"
    db.session.rollback()
    assert security_queue().id == sec.queue.id
    assert not db.session.scalar(select(AuditLog).where(AuditLog.action == "security_queue_chosen"))


def test_the_admin_page_saves_and_shows_field_errors(org, sec, soc, auth, client):
    queue, _ = soc
    auth.login(org.agent)
    assert client.get("/admin/security").status_code == 403
    auth.login(org.admin)
    page = client.get("/admin/security")
    assert page.status_code == 200
    assert "Säkerhetskö" in page.text and "Informationssäkerhet" in page.text
    token = auth.token("/admin/security")
    bad = client.post("/admin/security", data={"csrf_token": token, "queue": "0"})
    assert bad.status_code == 422 and 'id="queue-err"' in bad.text and "Välj en kö." in bad.text
    assert security_queue().id == sec.queue.id
    no_csrf = client.post("/admin/security", data={"queue": str(queue.id)})
    assert no_csrf.status_code in (400, 422)
    assert security_queue().id == sec.queue.id
    done = client.post(
        "/admin/security",
        data={"csrf_token": token, "queue": str(queue.id)},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Säkerhetskön är sparad." in done.text
    db.session.expire_all()
    assert security_queue().id == queue.id
    audit_page = client.get("/admin/audit")
    assert "Säkerhetskö vald" in audit_page.text
