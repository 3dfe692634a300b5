"""Comments, history and files: internal entries reach agents only, uploads use the web's checks."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from servicedesk.infra.extensions import db
from servicedesk.models import Attachment, Comment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_comments_public_and_internal(api_as, org, ticket, conforms):
    path = f"/tickets/{ticket.reference}/comments"
    agent, employee = api_as(org.agent), api_as(org.employee)
    reply = agent.post(path, json={"body": "Vi tittar på det."})
    assert reply.status_code == 201
    body = conforms(reply, "Comment")
    assert body["internal"] is False and body["author"]["id"] == org.agent.id
    assert body["source"] == "api"
    note = conforms(agent.post(path, json={"body": "Hemligt", "internal": True}), "Comment")
    assert note["internal"] is True
    staff_view = conforms(agent.get(path), "CommentList")["items"]
    assert [c["body"] for c in staff_view] == ["Vi tittar på det.", "Hemligt"]
    requester_view = employee.get(path).get_json()["items"]
    assert [c["body"] for c in requester_view] == ["Vi tittar på det."]
    # The agent's first public reply opened the ticket, through the domain.
    assert agent.get(f"/tickets/{ticket.reference}").get_json()["status"] == "open"


def test_requester_may_not_add_internal_notes(api_as, org, ticket):
    path = f"/tickets/{ticket.reference}/comments"
    response = api_as(org.employee).post(path, json={"body": "x", "internal": True})
    assert response.status_code == 403
    assert api_as(org.employee).post(path, json={"body": "Tack"}).status_code == 201
    assert api_as(org.other_employee).post(path, json={"body": "x"}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 1


def test_history_hides_internal_lines_from_the_requester(api_as, org, ticket, conforms):
    agent = api_as(org.agent)
    files = f"/tickets/{ticket.reference}/attachments"
    agent.post(files, data={"file": (io.BytesIO(PNG), "intern.png"), "internal": "true"})
    agent.patch(f"/tickets/{ticket.reference}", json={"impact": 2})
    staff = conforms(agent.get(f"/tickets/{ticket.reference}/history"), "HistoryEntryList")
    fields = [h["field"] for h in staff["items"]]
    assert fields[0] == "created" and "attachment" in fields and "impact" in fields
    impact = next(h for h in staff["items"] if h["field"] == "impact")
    assert impact["old_value"] == "3" and impact["new_value"] == "2"
    assert impact["actor"] == {"id": org.agent.id, "name": org.agent.name}
    own = api_as(org.employee).get(f"/tickets/{ticket.reference}/history").get_json()["items"]
    # The requester follows their case (filed, status, their files), not how staff work it:
    # no internal file, no classification fields, no queue or routing lines.
    assert [h["field"] for h in own] == ["created"]
    assert all(h["internal"] is False for h in own)


def test_upload_list_and_download(api_as, org, ticket, conforms):
    employee = api_as(org.employee)
    files = f"/tickets/{ticket.reference}/attachments"
    response = employee.post(files, data={"file": (io.BytesIO(PNG), "skärm.png")})
    assert response.status_code == 201
    body = conforms(response, "Attachment")
    assert body["filename"] == "skärm.png" and body["size"] == len(PNG)
    assert body["content_type"] == "image/png" and body["internal"] is False
    listed = conforms(employee.get(files), "AttachmentList")["items"]
    assert [a["id"] for a in listed] == [body["id"]]
    download = employee.get(f"/attachments/{body['id']}")
    assert download.status_code == 200 and download.data == PNG
    assert download.headers["Content-Type"] == "application/octet-stream"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download.headers["Content-Disposition"]
    assert api_as(org.other_employee).get(f"/attachments/{body['id']}").status_code == 404
    assert employee.get("/attachments/999999").status_code == 404


def test_internal_file_is_hidden_from_the_requester(api_as, org, ticket):
    agent = api_as(org.agent)
    files = f"/tickets/{ticket.reference}/attachments"
    body = agent.post(files, data={"file": (io.BytesIO(PNG), "a.png"), "internal": "true"})
    attachment_id = body.get_json()["id"]
    employee = api_as(org.employee)
    assert employee.get(files).get_json()["items"] == []
    assert employee.get(f"/attachments/{attachment_id}").status_code == 404
    denied = employee.post(files, data={"file": (io.BytesIO(PNG), "b.png"), "internal": "true"})
    assert denied.status_code == 403


def test_bad_uploads_are_refused_and_nothing_is_stored(api_as, org, ticket):
    employee = api_as(org.employee)
    files = f"/tickets/{ticket.reference}/attachments"
    cases = [
        {"file": (io.BytesIO(b"MZ\x90\x00"), "virus.exe")},  # type not allowed
        {"file": (io.BytesIO(b"not a png"), "fake.png")},  # content does not match
        {"file": (io.BytesIO(b""), "empty.txt")},  # empty
        {},  # no file
        {"file": (io.BytesIO(PNG), "a.png"), "internal": "maybe"},
        {"file": (io.BytesIO(PNG), "a.png"), "extra": "x"},
    ]
    for data in cases:
        response = employee.post(files, data=data)
        assert response.status_code == 422, data
        assert response.get_json()["error"]["fields"], data
    not_multipart = employee.post(files, json={"file": "x"})
    assert not_multipart.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_oversized_upload_is_413(app, api_as, org, ticket):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = api_as(org.employee).post(
        f"/tickets/{ticket.reference}/attachments",
        data={"file": (io.BytesIO(b"a" * 4096), "big.txt")},
    )
    assert response.status_code == 413 and response.is_json
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
