"""The append-only audit log: sign-ins right and wrong, exports and clock decisions with
actor, time, address and object; no update or delete path (the ORM refuses, and on
PostgreSQL a trigger refuses raw SQL too)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog
from servicedesk.models.audit import ImmutableAuditLog
from tests.conftest import PASSWORD


def _entries(action: str) -> list[AuditLog]:
    stmt = select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
    return list(db.session.scalars(stmt))


def test_sign_ins_right_and_wrong_are_audited_with_the_address(org, auth, client):
    auth.login(org.agent, password="wrong")
    auth.login(org.agent, password=PASSWORD)
    client.post("/login", data={"csrf_token": auth.token(), "email": "x@y", "password": "p"})
    failed = _entries("sign_in_failed")
    assert [(e.object_label, e.object_id, e.actor_id, e.ip) for e in failed][0] == (
        org.agent.email,
        org.agent.id,
        None,
        "127.0.0.1",
    )
    [ok] = _entries("sign_in")
    assert ok.actor_id == org.agent.id and ok.ip == "127.0.0.1" and ok.object_id == org.agent.id


def test_the_admin_audit_page_names_the_new_actions(org, auth, client):
    auth.login(org.agent, password="wrong")
    auth.login(org.admin)
    page = client.get("/admin/audit")
    assert page.status_code == 200
    assert "Misslyckad inloggning" in page.text and "Loggade in" in page.text
    assert "127.0.0.1" in page.text


def test_a_report_csv_export_is_audited(org, auth, client):
    auth.login(org.admin)
    answer = client.get("/reports/export/breaches.csv")
    assert answer.status_code == 200
    [entry] = _entries("export")
    assert entry.actor_id == org.admin.id and entry.object_label.startswith("sla-breaches-")
    assert entry.ip == "127.0.0.1"


def test_the_orm_refuses_to_change_or_delete_an_entry(org, auth):
    auth.login(org.agent)
    [entry] = _entries("sign_in")
    entry.action = "nothing_happened"
    with pytest.raises(ImmutableAuditLog):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditLog, entry.id))
    with pytest.raises(ImmutableAuditLog):
        db.session.flush()
    db.session.rollback()


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_postgresql_refuses_raw_update_and_delete_after_the_migrations():
    """`flask db upgrade` into a fresh schema installs the trigger; raw SQL then fails."""
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    from tests.test_migrations import fresh_pg_schema, migrated_app

    app = migrated_app(fresh_pg_schema("auditcheck"))
    with app.app_context():
        upgrade()
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, action, object_type, object_label) "
                    "VALUES (now(), 'sign_in', 'User', 'a@b')"
                )
            )
        for statement in (
            "UPDATE audit_log SET action = 'forged'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
                conn.execute(text(statement))
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT action FROM audit_log")).scalars().all() == ["sign_in"]
        db.engine.dispose()
    engine = create_engine(os.environ["TEST_DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS auditcheck CASCADE"))
    engine.dispose()


def test_the_api_report_export_is_audited(org, api_as):
    api = api_as(org.admin)
    answer = api.get("/reports/sla", query_string={"from": "2026-11-01", "to": "2026-11-30"})
    assert answer.status_code == 200
    [entry] = _entries("export")
    assert entry.actor_id == org.admin.id
    assert entry.object_label == "api/v1/reports/sla 2026-11-01..2026-11-30"


def test_the_audit_page_names_clock_decisions_in_both_languages(org, sec, report, auth, client):
    """A submission, a breach taken back (entered late) and the security queue's choice, by
    name on the admin audit page, in Swedish and in English."""
    from datetime import timedelta

    from servicedesk.domain.security import clocks
    from servicedesk.domain.security.setting import choose_security_queue
    from servicedesk.domain.sla.watcher import tick
    from tests.conftest import NOW

    ticket = report()
    tick(now=NOW + timedelta(hours=73))
    clocks.record_submission(
        ticket,
        sec.coordinator,
        "gdpr_breach",
        submitted_at=NOW + timedelta(hours=71),
        authority_reference="IMY-9",
        now=NOW + timedelta(hours=74),
    )
    choose_security_queue(org.admin, org.central, now=NOW + timedelta(hours=75))
    db.session.commit()
    auth.login(org.admin)
    swedish = client.get("/admin/audit").text
    for name in (
        "Säkerhetsincident: överträdelse återkallad (rapporten registrerades sent)",
        "Säkerhetskö vald",
        ticket.reference,
    ):
        assert name in swedish, name
    client.post("/language", data={"csrf_token": auth.token("/admin/audit"), "lang": "en"})
    english = client.get("/admin/audit").text
    for name in (
        "Security incident breach taken back (report entered late)",
        "Security incident reported to the authority",
        "Security queue chosen",
    ):
        assert name in english, name
