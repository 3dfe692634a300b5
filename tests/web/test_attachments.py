"""Uploads: allow-list, size limit, content check; downloads: always attachments."""

from __future__ import annotations

import io

from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import Attachment
from tests.conftest import Auth

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(client, auth: Auth, ticket, name: str, data: bytes):
    token = auth.token(f"/portal/tickets/{ticket.id}")
    return client.post(
        f"/portal/tickets/{ticket.id}/reply",
        data={"csrf_token": token, "body": "Se bilaga", "attachment": (io.BytesIO(data), name)},
        follow_redirects=True,
    )


def test_png_is_stored_and_served_as_download(org, client, auth, file_ticket):
    ticket = file_ticket()
    auth.login(org.employee)
    upload(client, auth, ticket, "skärmbild.png", PNG)
    attachment = db.session.scalar(select(Attachment))
    assert attachment.filename == "skärmbild.png"
    response = client.get(f"/attachments/{attachment.id}")
    assert response.status_code == 200
    assert response.data == PNG
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_svg_and_html_are_refused_and_the_reply_is_not_saved(org, client, auth, file_ticket):
    ticket = file_ticket()
    auth.login(org.employee)
    for name, data in [("x.svg", b"<svg onload=alert(1)>"), ("x.html", b"<script>")]:
        page = upload(client, auth, ticket, name, data)
        assert "Den filtypen är inte tillåten" in page.text
    assert db.session.scalar(select(Attachment)) is None
    assert "Se bilaga" not in client.get(f"/portal/tickets/{ticket.id}").text


def test_disguised_file_is_refused(org, client, auth, file_ticket):
    ticket = file_ticket()
    auth.login(org.employee)
    page = upload(client, auth, ticket, "faktura.pdf", b"<html>not a pdf</html>")
    assert "stämmer inte med filtypen" in page.text
    assert db.session.scalar(select(Attachment)) is None


def test_oversized_file_is_refused(app, org, client, auth, file_ticket):
    app.config["ATTACHMENT_MAX_BYTES"] = 1024
    ticket = file_ticket()
    auth.login(org.employee)
    page = upload(client, auth, ticket, "stor.png", PNG + b"\x00" * 2048)
    assert "Filen är för stor" in page.text
    assert db.session.scalar(select(Attachment)) is None


def test_others_cannot_download(app, org, client, auth, file_ticket):
    ticket = file_ticket()
    auth.login(org.employee)
    upload(client, auth, ticket, "a.png", PNG)
    attachment = db.session.scalar(select(Attachment))
    other = app.test_client()
    Auth(other).login(org.other_employee)
    assert other.get(f"/attachments/{attachment.id}").status_code == 404
