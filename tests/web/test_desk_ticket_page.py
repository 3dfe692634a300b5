"""The staff ticket page through the test client: the composer's two kinds of message (an
internal note never reaches the requester: page, mail, API), the queue's default, and the
side panel's one save (errors by the fields, nothing saved, the page's include points)."""

from __future__ import annotations

import re

from sqlalchemy import select

from servicedesk.domain.identity.api_tokens import create_token
from servicedesk.infra.extensions import db
from servicedesk.models import Comment, OutboxMessage, Ticket, TicketHistory
from tests.api.conftest import Api
from tests.desk_panel import panel_data


def _checked(html: str, value: str) -> bool:
    tag = re.search(rf'<input[^>]*name="audience"[^>]*value="{value}"[^>]*>', html).group(0)
    return "checked" in tag


def test_an_internal_note_never_reaches_the_requester(app, org, client, auth, file_ticket, now):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    page = f"/desk/tickets/{ticket.id}"
    token = auth.token(page)
    note = client.post(
        f"{page}/reply",
        data={"csrf_token": token, "audience": "internal", "body": "Lösenordet är Sommar2026"},
    )
    reply = client.post(
        f"{page}/reply",
        data={"csrf_token": token, "audience": "public", "body": "Prova att logga in nu."},
    )
    assert note.status_code == reply.status_code == 302
    comments = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    assert [(c.body, c.internal) for c in comments] == [
        ("Lösenordet är Sommar2026", True),
        ("Prova att logga in nu.", False),
    ]
    desk = client.get(page).text
    assert "Lösenordet är Sommar2026" in desk and "Prova att logga in nu." in desk

    requester = app.test_client()
    auth.__class__(requester).login(org.employee)
    portal = requester.get(f"/portal/tickets/{ticket.id}").text
    assert "Prova att logga in nu." in portal and "Sommar2026" not in portal

    mails = db.session.scalars(select(OutboxMessage)).all()
    assert any("Prova att logga in nu." in m.body_text for m in mails)
    assert not any("Sommar2026" in (m.body_text + (m.body_html or "")) for m in mails)

    _token, secret = create_token(org.employee, name="test", now=now)
    db.session.commit()
    api = Api(app, secret).get(f"/tickets/{ticket.reference}/comments").get_json()
    assert [c["body"] for c in api["items"]] == ["Prova att logga in nu."]


def test_an_empty_message_is_an_error_by_the_field_and_the_kind_is_kept(
    org, client, auth, file_ticket
):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    page = f"/desk/tickets/{ticket.id}"
    response = client.post(
        f"{page}/reply", data={"csrf_token": auth.token(page), "audience": "internal", "body": ""}
    )
    assert response.status_code == 422
    assert 'id="reply-body-err"' in response.text and 'id="error-summary"' in response.text
    assert _checked(response.text, "internal")
    assert db.session.scalar(select(db.func.count()).select_from(Comment)) == 0


def test_the_queue_decides_which_kind_the_composer_starts_on(org, client, auth, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    page = f"/desk/tickets/{ticket.id}"
    html = client.get(page).text
    assert _checked(html, "public") and not _checked(html, "internal")

    auth.login(org.admin)
    token = auth.token("/admin/queues")
    saved = client.post(
        f"/admin/queues/{org.central.id}",
        data={
            "csrf_token": token,
            "name": org.central.name,
            "unit": org.it.id,
            "lead": 0,
            "is_central": "y",
            "active": "y",
            "auto_assign": "none",
            "default_internal_note": "y",
            "members": [org.agent.id, org.admin.id],
        },
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert org.central.default_internal_note is True
    form = client.get(f"/admin/queues/{org.central.id}").text
    assert re.search(r'<input[^>]* checked [^>]*id="default_internal_note"', form)

    auth.login(org.agent)
    html = client.get(page).text
    assert _checked(html, "internal") and not _checked(html, "public")


def test_the_panel_shows_every_field_and_the_include_points(org, client, auth, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    html = client.get(f"/desk/tickets/{ticket.id}").text
    assert html.count(f'action="/desk/tickets/{ticket.id}/edit"') == 1  # one save
    for name in ("status", "pending_reason", "assignee", "queue", "transfer_reason", "service",
                 "impact", "urgency", "tags"):  # fmt: skip
        assert f'name="{name}"' in html, name
    status = html.split('id="status"')[1].split("</select>")[0]
    assert re.findall(r'value="(\w+)"', status) == ["new", "open", "pending"]
    assert 'id="composer"' in html and 'id="reply-body"' in html
    assert html.index('id="conversation"') < html.index('id="history-h"')
    assert html.index('class="ws-side"') < html.index('id="history-h"')  # phone order


def test_panel_errors_are_by_their_fields_and_nothing_is_saved(org, client, auth, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    page = f"/desk/tickets/{ticket.id}"
    lines = db.session.scalar(select(db.func.count()).select_from(TicketHistory))
    data = panel_data(
        ticket, auth.token(page), status="pending", queue=org.buf_queue.id, impact=1, tags="vip"
    )
    response = client.post(f"{page}/edit", data=data)
    assert response.status_code == 422
    html = response.text
    assert 'id="error-summary"' in html
    assert 'href="#pending_reason"' in html and 'href="#transfer_reason"' in html
    assert "Ange vad ärendet väntar på." in html.split('id="pending_reason-err"')[1][:100]
    assert "Ange varför ärendet skickas vidare" in html.split('id="transfer_reason-err"')[1][:100]
    assert 'value="vip"' in html  # what was typed is kept
    db.session.expire_all()
    saved = db.session.get(Ticket, ticket.id)
    assert (saved.status, saved.queue_id, saved.impact) == ("new", org.central.id, 3)
    assert db.session.scalar(select(db.func.count()).select_from(TicketHistory)) == lines


def test_one_save_records_each_change_once(org, client, auth, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    page = f"/desk/tickets/{ticket.id}"
    before = db.session.scalar(select(db.func.max(TicketHistory.id)))
    data = panel_data(
        ticket,
        auth.token(page),
        status="pending",
        pending_reason="supplier",
        assignee=org.agent.id,
        urgency=1,
        tags="skrivare",
    )
    response = client.post(f"{page}/edit", data=data, follow_redirects=True)
    assert "Sparat." in response.text
    fields = db.session.scalars(
        select(TicketHistory.field).where(TicketHistory.id > before).order_by(TicketHistory.id)
    ).all()
    assert fields == ["urgency", "priority", "assignee", "status", "status", "tag"]
    db.session.expire_all()
    saved = db.session.get(Ticket, ticket.id)
    assert (saved.status, saved.pending_reason, saved.assignee_id, saved.priority) == (
        "pending",
        "supplier",
        org.agent.id,
        3,
    )


def test_another_agents_panel_save_is_404(org, client, auth, file_ticket):
    ticket = file_ticket(service=org.care)  # the care system's own queue
    auth.login(org.agent)
    page = f"/desk/tickets/{ticket.id}"
    response = client.post(f"{page}/edit", data=panel_data(ticket, auth.token("/desk/"), impact=1))
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).impact == 3


def test_a_file_on_an_internal_note_is_internal_and_not_offered_to_the_requester(
    app, org, client, auth, file_ticket
):
    import io

    from servicedesk.models import Attachment

    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    page = f"/desk/tickets/{ticket.id}"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = client.post(
        f"{page}/reply",
        data={
            "csrf_token": auth.token(page),
            "audience": "internal",
            "body": "Loggen bifogad",
            "attachment": (io.BytesIO(png), "logg.png"),
        },
    )
    assert response.status_code == 302
    attachment = db.session.scalar(select(Attachment))
    assert (attachment.filename, attachment.internal) == ("logg.png", True)
    requester = app.test_client()
    auth.__class__(requester).login(org.employee)
    assert "logg.png" not in requester.get(f"/portal/tickets/{ticket.id}").text
    assert requester.get(f"/attachments/{attachment.id}").status_code == 404
