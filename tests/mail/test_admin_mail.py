"""The admin mail page: admins only, lists stuck and quarantined mail, retry by POST."""

from __future__ import annotations

from datetime import timedelta

from servicedesk.domain.mail.pipeline import ingest_and_commit
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage

QUARANTINED = (
    b"From: stranger@example.org\r\nMessage-ID: <q1@example.org>\r\nSubject: Hej\r\n\r\nText"
)


def failed_row(file_ticket, now) -> OutboxMessage:
    ticket = file_ticket()
    row = db.session.query(OutboxMessage).filter_by(ticket_id=ticket.id).one()
    row.status, row.attempts, row.last_error = "failed", 9, "ConnectionRefusedError(111)"
    db.session.commit()
    return row


def test_page_is_for_admins_only(app, org, client, auth):
    assert client.get("/admin/mail/").status_code == 302  # to login
    auth.login(org.agent)
    assert client.get("/admin/mail/").status_code == 403
    assert "/admin/mail/" not in client.get("/desk/").text  # no nav entry for agents


def test_admin_sees_failed_pending_and_quarantined(app, org, client, auth, file_ticket, now):
    row = failed_row(file_ticket, now)
    ingest_and_commit(QUARANTINED, now=now)
    auth.login(org.admin)
    page = client.get("/admin/mail/")
    assert page.status_code == 200
    assert 'href="/admin/mail/"' in page.text  # nav entry
    assert row.subject in page.text and "ConnectionRefusedError" in page.text
    assert "stranger@example.org" in page.text and "unknown sender" in page.text


def test_retry_now_requires_post_with_csrf(app, org, client, auth, file_ticket, now):
    row = failed_row(file_ticket, now)
    auth.login(org.admin)
    url = f"/admin/mail/outbox/{row.id}/retry"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 400  # no CSRF token
    token = auth.token("/admin/mail/")
    response = client.post(url, data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.get(OutboxMessage, row.id)
    assert row.status == "pending" and row.next_attempt_at > now - timedelta(days=1)


def test_agent_cannot_retry(app, org, client, auth, file_ticket, now):
    row = failed_row(file_ticket, now)
    auth.login(org.agent)
    token = auth.token("/desk/")
    response = client.post(f"/admin/mail/outbox/{row.id}/retry", data={"csrf_token": token})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(OutboxMessage, row.id).status == "failed"


def test_admin_downloads_raw_quarantined_message(app, org, client, auth, now):
    stored = ingest_and_commit(QUARANTINED, now=now).inbound
    auth.login(org.admin)
    response = client.get(f"/admin/mail/inbound/{stored.id}.eml")
    assert response.data == QUARANTINED
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cli_ingest_reads_stdin_and_exits_zero_even_when_quarantined(app, org):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mail", "ingest"], input=QUARANTINED)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("quarantined: inbound #1 <q1@example.org>")
    again = runner.invoke(args=["mail", "ingest"], input=QUARANTINED)
    assert again.exit_code == 0 and again.output.startswith("duplicate")
    assert runner.invoke(args=["mail", "ingest"], input=b"").exit_code != 0


def test_errors_say_what_to_do_with_the_raw_error_kept_for_the_technician(
    app, org, client, auth, file_ticket, now
):
    failed_row(file_ticket, now)
    ingest_and_commit(QUARANTINED, now=now)
    auth.login(org.admin)
    html = client.get("/admin/mail/").text
    advice = html.index("E-postservern svarar inte – kontrollera MAIL_SERVER och MAIL_PORT.")
    details = html.index("<summary>Tekniska detaljer</summary>", advice)
    assert html.index("ConnectionRefusedError(111)") > details  # inside the details
    assert "MAIL_UNKNOWN_SENDER" in html  # the inbound reason, in Swedish


def test_advice_matches_the_common_smtp_failures(app):
    from flask_babel import force_locale

    from servicedesk.domain.mail.advice import advice, inbound_reason

    with app.test_request_context(), force_locale("en"):
        assert advice("ConnectionRefusedError(111, 'Connection refused')").startswith(
            "The mail server does not answer"
        )
        assert "MAIL_USERNAME" in advice("SMTPAuthenticationError(535, b'5.7.8 bad')")
        assert "MAIL_SERVER" in advice("gaierror(-2, 'Name or service not known')")
        assert "in time" in advice("TimeoutError('timed out')")
        assert "technical details" in advice("OSError('something new')")
        assert advice(None) == ""
        assert inbound_reason("automated: auto-replied").startswith("Written by a machine")
        assert inbound_reason("something we never wrote") == "something we never wrote"
