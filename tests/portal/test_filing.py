"""Filing from the portal: several files, the limits stated, refused files next to the
field with the text kept (also for a body over the request limit), and the reply form."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from servicedesk.infra.extensions import db
from servicedesk.models import Attachment, Comment, Ticket

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MB = 1024 * 1024


def _case(token: str, **extra) -> dict:
    return {
        "csrf_token": token,
        "ticket_type": "incident",
        "service": "0",
        "title": "Skrivaren i rum 12 skriver ut tomma sidor",
        "description": "Det började i morse, efter uppdateringen.",
        "impact": "3",
        "urgency": "2",
        **extra,
    }


def _error_next_to_files(page: str) -> str:
    found = re.search(r'<p class="error" id="attachment-err">(.*?)</p>', page, re.S)
    assert found, "no error next to the file field"
    return found.group(1)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_form_states_the_limits_and_takes_several_files(org, client, auth):
    auth.login(org.employee)
    page = client.get("/portal/new").text
    assert "Högst 10 MB per fil, 25 MB totalt. Tillåtna typer: csv, docx" in page
    field = re.search(r"<input[^>]*id=\"attachment\"[^>]*>", page).group(0)
    assert "multiple" in field and 'accept=".csv,.docx' in field
    assert 'data-max-file="10485760"' in field and 'data-max-total="26214400"' in field


def test_two_files_are_stored_with_the_case(org, client, auth):
    auth.login(org.employee)
    data = _case(auth.token())
    data["attachment"] = [(io.BytesIO(PNG), "skarm1.png"), (io.BytesIO(PNG), "skarm2.png")]
    response = client.post("/portal/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket))
    names = db.session.scalars(
        select(Attachment.filename).where(Attachment.ticket_id == ticket.id)
    ).all()
    assert sorted(names) == ["skarm1.png", "skarm2.png"]


def test_a_refused_file_refuses_the_case_and_keeps_the_text(org, client, auth):
    auth.login(org.employee)
    data = _case(auth.token())
    data["attachment"] = [(io.BytesIO(PNG), "ok.png"), (io.BytesIO(b"MZ..."), "program.exe")]
    response = client.post("/portal/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "program.exe: Den filtypen är inte tillåten" in _error_next_to_files(response.text)
    assert "Skrivaren i rum 12 skriver ut tomma sidor" in response.text
    assert "Det började i morse, efter uppdateringen." in response.text
    assert _count(Ticket) == 0 and _count(Attachment) == 0


def test_a_body_over_the_request_limit_gives_the_form_back_with_the_text(org, client, auth):
    """A real 30 MB multipart POST: refused before it is read, yet no dead end."""
    auth.login(org.employee)
    data = _case(auth.token())
    data["attachment"] = (io.BytesIO(PNG + b"\x00" * (30 * MB)), "film.png")
    response = client.post("/portal/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    error = _error_next_to_files(response.text)
    assert "Filerna är för stora tillsammans (högst 25 MB totalt)" in error
    assert 'value="Skrivaren i rum 12 skriver ut tomma sidor"' in response.text
    assert "Det började i morse, efter uppdateringen.</textarea>" in response.text
    assert re.search(
        r'<input checked id="urgency-\d" name="urgency" type="radio" value="2">', response.text
    )
    assert "<form" in response.text and 'name="csrf_token"' in response.text
    assert _count(Ticket) == 0


def test_the_reply_takes_several_files_and_an_over_limit_one_keeps_the_message(
    org, client, auth, file_ticket
):
    ticket = file_ticket()
    db.session.commit()
    auth.login(org.employee)
    path = f"/portal/tickets/{ticket.id}"
    page = client.get(path).text
    assert "Högst 10 MB per fil, 25 MB totalt" in page
    token = auth.token(path)
    files = [(io.BytesIO(PNG), "a.png"), (io.BytesIO(PNG), "b.png")]
    sent = client.post(
        f"{path}/reply",
        data={"csrf_token": token, "body": "Här är två bilder.", "attachment": files},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    comment = db.session.scalar(select(Comment).where(Comment.ticket_id == ticket.id))
    assert comment.body == "Här är två bilder."
    stored = db.session.scalars(
        select(Attachment.filename).where(Attachment.comment_id == comment.id)
    ).all()
    assert sorted(stored) == ["a.png", "b.png"]

    big = (io.BytesIO(PNG + b"\x00" * (30 * MB)), "film.png")
    refused = client.post(
        f"{path}/reply",
        data={"csrf_token": token, "body": "En film också.", "attachment": big},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 413
    assert "Filerna är för stora tillsammans" in _error_next_to_files(refused.text)
    assert "En film också.</textarea>" in refused.text
    assert _count(Comment) == 1


def test_a_refused_reply_file_keeps_the_message_next_to_the_field(org, client, auth, file_ticket):
    ticket = file_ticket()
    db.session.commit()
    auth.login(org.employee)
    path = f"/portal/tickets/{ticket.id}"
    response = client.post(
        f"{path}/reply",
        data={
            "csrf_token": auth.token(path),
            "body": "Loggen bifogad.",
            "attachment": (io.BytesIO(b""), "tom.log"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "tom.log: Filen är tom." in _error_next_to_files(response.text)
    assert "Loggen bifogad.</textarea>" in response.text
    assert _count(Comment) == 0


def test_the_phone_form_takes_files_and_an_over_limit_post_keeps_what_was_typed(org, client, auth):
    """The agent's phone form shares the portal's filing and its 413 handling."""
    auth.login(org.agent)
    path = f"/desk/phone?caller_id={org.employee.id}"
    page = client.get(path).text
    assert "Högst 10 MB per fil, 25 MB totalt" in page and 'enctype="multipart/form-data"' in page
    data = _case(auth.token(path), requester_email=org.employee.email)
    data["attachment"] = (io.BytesIO(PNG + b"\x00" * (30 * MB)), "film.png")
    refused = client.post(path, data=data, content_type="multipart/form-data")
    assert refused.status_code == 413
    assert "Filerna är för stora tillsammans" in _error_next_to_files(refused.text)
    assert 'value="Skrivaren i rum 12 skriver ut tomma sidor"' in refused.text
    assert "Det började i morse, efter uppdateringen.</textarea>" in refused.text
    assert f'value="{org.employee.email}"' in refused.text
    assert org.employee.name in refused.text  # the chosen caller is still shown
    assert _count(Ticket) == 0

    data = _case(auth.token(path), requester_email=org.employee.email)
    data["attachment"] = [(io.BytesIO(PNG), "skarm1.png"), (io.BytesIO(PNG), "skarm2.png")]
    filed = client.post(path, data=data, content_type="multipart/form-data")
    assert filed.status_code == 302
    ticket = db.session.scalar(select(Ticket))
    assert ticket.requester_id == org.employee.id and ticket.channel == "phone"
    names = db.session.scalars(select(Attachment.filename).where(Attachment.ticket_id == ticket.id))
    assert sorted(names) == ["skarm1.png", "skarm2.png"]


def test_an_over_limit_note_on_the_staff_page_keeps_the_draft(org, client, auth, file_ticket):
    ticket = file_ticket()
    db.session.commit()
    auth.login(org.agent)
    path = f"/desk/tickets/{ticket.id}"
    refused = client.post(
        f"{path}/reply",
        data={
            "csrf_token": auth.token(path),
            "audience": "internal",
            "body": "Loggen från skrivaren.",
            "attachment": (io.BytesIO(PNG + b"\x00" * (30 * MB)), "logg.png"),
        },
        content_type="multipart/form-data",
    )
    assert refused.status_code == 413
    assert "Filerna är för stora tillsammans" in _error_next_to_files(refused.text)
    assert "Loggen från skrivaren.</textarea>" in refused.text
    internal = re.search(r'<input[^>]*name="audience"[^>]*value="internal"[^>]*>', refused.text)
    assert "checked" in internal.group(0)  # still on the internal-note tab
    assert _count(Comment) == 0
